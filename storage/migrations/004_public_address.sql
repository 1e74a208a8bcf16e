-- 004: settings the administrator changes in the app, one row per name. The first is the public
-- address printed on QR posters and in kiosk links ("public_url"); $JAKOSC_PUBLIC_URL overrides it.
CREATE TABLE IF NOT EXISTS app_settings (
    name VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by VARCHAR NOT NULL
);
