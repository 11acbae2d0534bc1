"""The catalogue (slakit/words.py) holds every word the kit says: each entry in both languages with
the same placeholders, every code the package names is in it, errors carry codes, and no surface
holds Chinese text or English sentences of its own."""

from __future__ import annotations

import ast
import re
import string
from collections import defaultdict
from pathlib import Path

import pytest

from slakit.words import TERMS, WORDS, decoded, encoded, joined, say, says

PACKAGE = Path(__file__).parents[1] / "slakit"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "words.py")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’")  # an SLA quote, an identifier
# Chinese the package may hold outside the catalogue: the course's lessons (their exercises and
# the SLA's own text, side by side in both languages), the readers of typed answers and of a
# claims register's Chinese column names, and data
SPEAKS_CHINESE = {"ui/lessons.py", "ui/course.py", "receipts/synth.py", "reports/register.py"}
ERRORS = {"InputError": 2, "ConfigError": 3, "CalendarError": 0, "ArchiveError": 0, "ReportError": 0,
          "SlakitError": 0, "fail": 2}  # the argument that says what is wrong


def placeholders(text: str) -> set[str]:
    """The values a phrase names (``{day.year}`` names ``day``)."""
    fields = string.Formatter().parse(text)
    return {re.split(r"[.\[]", name)[0] for _, name, _, _ in fields if name is not None}


def trees() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(PACKAGE)), ast.parse(p.read_text(encoding="utf-8"))) for p in SOURCES]


def docstrings(tree: ast.Module) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def test_the_catalogue_is_large_and_has_no_empty_entry():
    assert len(WORDS) >= 600
    assert all(isinstance(code, str) and code.count(".") >= 1 for code in WORDS)
    empty = [code for code, (zh, en) in WORDS.items() if not zh.strip() and not en.strip()
             and not code.startswith("punct.")]
    assert empty == []


@pytest.mark.parametrize("code", sorted(WORDS))
def test_each_entry_speaks_both_languages_with_the_same_placeholders(code):
    zh, en = WORDS[code]
    assert isinstance(zh, str) and isinstance(en, str)
    assert placeholders(zh) == placeholders(en), code
    if not code.startswith(("punct.", "lang.")) and en.strip():
        assert zh.strip(), code  # a phrase empty in Chinese only is a missing translation


def test_chinese_takes_full_width_punctuation():
    """No ASCII colon, comma, semicolon or parenthesis right after a Chinese character."""
    ascii_after_cjk = re.compile(r"[\u4e00-\u9fff][:,;()?!]")
    bad = {code: zh for code, (zh, _) in WORDS.items() if ascii_after_cjk.search(QUOTED.sub("", zh))}
    assert bad == {}


def test_a_shared_term_is_the_glossary_s_one_wording():
    by_words = defaultdict(list)
    for code, words in WORDS.items():
        by_words[words].append(code)
    terms = {id(words) for words in TERMS.values()}
    repeated = {words: codes for words, codes in by_words.items()
                if len(codes) > 1 and not all(id(WORDS[c]) in terms for c in codes)}
    assert repeated == {}


def test_every_code_the_package_names_is_in_the_catalogue():
    named: list[tuple[str, str, int]] = []
    for name, tree in trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("say", "says", "Said")):
                continue
            arg = node.args[1 if node.func.id == "say" else 0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                named.append((name, arg.value, node.lineno))
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                named.append((name, str(arg.values[0].value) + "*", node.lineno))
    assert len(named) > 250
    missing = [(n, code, line) for n, code, line in named
               if not (code[:-1] and any(c.startswith(code[:-1]) for c in WORDS)
                       if code.endswith("*") else code in WORDS)]
    assert missing == []


def test_every_error_says_its_problem_by_code():
    """An error's problem is a catalogue entry (:func:`slakit.words.says`), never text."""
    texts = []
    for name, tree in trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else "")
            if func in ERRORS and len(node.args) > ERRORS[func]:
                problem = node.args[ERRORS[func]]
                if isinstance(problem, ast.JoinedStr | ast.BinOp) or (
                        isinstance(problem, ast.Constant) and isinstance(problem.value, str)):
                    texts.append((name, node.lineno, ast.unparse(problem)[:60]))
    assert texts == []


def test_no_chinese_outside_the_catalogue():
    found = []
    for name, tree in trees():
        if name in SPEAKS_CHINESE:
            continue
        docs = docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and CJK.search(QUOTED.sub("", node.value))):
                found.append((name, node.lineno, node.value[:40]))
    assert found == []


SENTENCE = re.compile(r"[A-Za-z]+ [a-z]+ [a-z]+")  # three words: English a person reads


def test_no_command_prints_english_of_its_own():
    """What the command line prints comes from the catalogue: no English words in a literal
    handed to ``print``."""
    found = []
    for name, tree in trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                for arg in node.args:
                    parts = [arg] if isinstance(arg, ast.Constant) else (
                        arg.values if isinstance(arg, ast.JoinedStr) else [])
                    text = "".join(str(p.value) for p in parts if isinstance(p, ast.Constant))
                    if SENTENCE.search(text):
                        found.append((name, node.lineno, text[:50]))
    assert found == []


def test_said_renders_nested_values_in_one_language_and_travels_as_text():
    said = says("error.bad_rows", problem=says("error.decimal_places", places=2), row=3, n=4)
    assert said.text("zh") == "小数位超过 2 位（第 3 行；共 4 行有误）"
    assert str(said) == "has more than 2 decimal places (row 3; 4 bad rows in all)"
    flat = says("error.one_of", choices="'a', 'b'")
    assert decoded(encoded(flat)) == flat and decoded(encoded(flat)).text("zh") == "须为以下之一：'a', 'b'"
    assert joined("zh", ["a", "b"]) == "a、b" and say("en", "punct.colon") == ": "
    with pytest.raises(KeyError):
        says("error.no_such_code")
