"""Text that people typed, made safe for the Streamlit elements that read Markdown.

st.markdown, st.write with a string, st.caption, st.title/st.header/st.subheader,
st.info/st.success/st.warning/st.error, st.metric (label and value), st.progress text and the
labels of every widget, button, expander, popover and tab read their text as GitHub-flavoured
Markdown with Streamlit's own additions (":red[…]" colours, ":material/…:" icons, emoji
shortcodes, "$…$" formulas). A name such as "# Kowalska" would become a heading, "[tu](…)" a
link and "**x**" bold. Raw HTML is never rendered without unsafe_allow_html, which this app
uses only for its own constant styles and scripts, but "<img …>" must still show as typed.

`plain(text)` returns the text with a backslash before each character that could start
Markdown, so these elements show it exactly as typed (CommonMark lets any ASCII punctuation be
escaped, and an escaped character is always literal text):

- everywhere: \\ ` * _ { } [ ] < > ~ $ & | : (emphasis, code, links, images, footnotes, HTML,
  autolinks, strikethrough, formulas, entities, tables, directives and shortcodes);
- at the start of a line, where they make blocks: # + - = and the "1." or "1)" of a numbered
  list (in the middle of a line they mean nothing, so "Kowalska-Nowak (KM)." stays as it is).

Line breaks stay line breaks, and leading spaces become no-break spaces, so a line cannot turn
into an indented code block.

Streamlit also rewrites some text after Markdown has been parsed, so escaping cannot stop it:
":streamlit:" becomes its logo, ":material_x:" (and ":material/x:") an icon, the words "->",
"<-", "<->", "--", ">=", "<=", "~=" arrows and signs, and GFM turns "http://…", "https://…",
"www.…" and e-mail addresses into links. An invisible WORD JOINER (U+2060) goes into each of
these, so they too show as typed and link nowhere.

Use it for data from users (names of employees, departments, accounts and kiosks, goals,
comments, notes, URL parameters) inside a Markdown-reading element, never for our own constant
messages, which may use Markdown on purpose. Plain elements need nothing: st.text, st.code,
st.dataframe and the options of st.selectbox and st.multiselect show text as text.
"""

from __future__ import annotations

import re

INLINE = "\\`*_{}[]<>~$&|:"
LINE_START = "#+-="
NBSP = "\u00a0"
WORD_JOINER = "\u2060"

_INLINE = re.compile("([" + re.escape(INLINE) + "])")
_LINE_START = re.compile("^([ \t]*)([" + re.escape(LINE_START) + "])")
_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])")
_LEADING_SPACE = re.compile(r"^[ \t]+")
# Streamlit's own shortcodes and its typographic replacements of whole words (StreamlitMarkdown),
# and the starts of GFM's literal autolinks.
_SHORTCODE = re.compile(r":(?=streamlit:|material[_/])")
_TYPOGRAPHY = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_AUTOLINK = re.compile(r"(?i)(?:(?<=http)|(?<=https))(?=://)|(?<=www)(?=\.)|(?=@)")


def _line(line: str) -> str:
    line = _SHORTCODE.sub(":" + WORD_JOINER, line)
    line = _TYPOGRAPHY.sub(lambda m: m.group()[0] + WORD_JOINER + m.group()[1:], line)
    line = _AUTOLINK.sub(WORD_JOINER, line)
    line = _INLINE.sub(r"\\\1", line)
    line = _LINE_START.sub(r"\1\\\2", line)
    line = _NUMBERED.sub(r"\1\\\2", line)
    return _LEADING_SPACE.sub(lambda m: NBSP * len(m.group().expandtabs(4)), line)


def plain(text: object) -> str:
    """`text` escaped so that any Markdown-reading Streamlit element shows it literally.

    None gives "". Line breaks are kept as Markdown hard line breaks (two trailing spaces),
    so a multi-line note shows its lines as typed instead of being joined into one paragraph.
    """
    if text is None:
        return ""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(_line(line) for line in lines)
