#!/usr/bin/env python3
"""Doxygen INPUT_FILTER for mlflow-cpp headers (see Doxyfile and scripts/docs.sh).

The public headers document themselves with plain `//` comments, not Doxygen's `///`. This
filter turns them into Doxygen comments on the fly, without touching the files:

  - the comment block that opens a header (before `#pragma once`) becomes the file's
    documentation (`/// @file`);
  - a `//` comment line before a declaration becomes `///`;
  - a trailing `// comment` after a member, enumerator or parameter line becomes `///<`.

Comment text is escaped so that Doxygen prints it as written: `\\o/`, `<url>`, `#tag`,
`@user`, `%`, `&amp;` and friends are not read as commands, HTML or links. Text inside
`backticks` is left alone (Markdown code spans are literal), except that spans holding a
quote or a backslash become <tt> with their text escaped. Line numbers are preserved.
Usage (by Doxygen): comment_filter.py FILE
"""
import re
import sys

SPECIAL = re.compile(r"([\\@<>#%&$])")
# "::name" at the start of a word is an explicit link request to Doxygen; "\::" prints "::".
SCOPE = re.compile(r"(?<![A-Za-z0-9_])::")
TRAILING = re.compile(r"^(?P<code>\s*[^/\s].*?[;,)])\s*//(?!/)\s?(?P<text>.*)$")


def escape(text: str) -> str:
    parts = text.split("`")
    if len(parts) % 2 == 0:  # unbalanced backtick: escape it too, treat the line as plain text
        return SCOPE.sub(r"\\::", SPECIAL.sub(r"\\\1", text)).replace("`", "'")
    for i in range(len(parts)):
        if i % 2 == 0:  # outside code spans
            parts[i] = SCOPE.sub(r"\\::", SPECIAL.sub(r"\\\1", parts[i]))
        elif '"' in parts[i] or "\\" in parts[i]:
            # Doxygen pairs quotes across code spans (`\"` ... `\"` breaks the block): write such
            # spans as <tt> with every special character escaped instead.
            parts[i] = "<tt>" + SPECIAL.sub(r"\\\1", parts[i]).replace('"', '\\"') + "</tt>"
        else:
            parts[i] = "`" + parts[i] + "`"
    return "".join(parts)


def in_string(code: str) -> bool:
    """True when `code` ends inside a string literal (so a "//" there is not a comment)."""
    quotes = 0
    escaped = False
    for ch in code:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quotes += 1
    return quotes % 2 == 1


def main() -> None:
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    out = []
    preamble = True  # still in the file's opening comment block
    file_doc_started = False
    for line in lines:
        stripped = line.lstrip()
        if preamble:
            if stripped.startswith("//"):
                text = stripped[2:].lstrip("/")
                text = text[1:] if text.startswith(" ") else text
                out.append("/// " + escape(text))
                file_doc_started = True
                continue
            if stripped == "":
                out.append(line)
                continue
            preamble = False
            if file_doc_started:
                # The opening block documents the file. `@file` takes the place of `#pragma once`
                # (meaningless to Doxygen) so that line numbers stay the same.
                if stripped.startswith("#pragma once"):
                    out.append("/// @file")
                    continue
                out.append("/// @file")
        if stripped.startswith("///") or stripped.startswith("//!"):
            out.append(line)
            continue
        if stripped.startswith("//"):
            indent = line[: len(line) - len(stripped)]
            text = stripped[2:]
            text = text[1:] if text.startswith(" ") else text
            out.append(indent + "/// " + escape(text))
            continue
        m = TRAILING.match(line)
        if m and not in_string(m.group("code")) and "//" not in m.group("code"):
            out.append(m.group("code") + "  ///< " + escape(m.group("text")))
            continue
        out.append(line)
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
