"""Messages as plain words, the form every reading of the danger reader reads.

Lower case, single spaces, no accents, apostrophes or punctuation, and text-speak, run
together contractions and common misspellings folded to one spelling ("wanna", "dont").
Everyday phrases (see ``everyday`` in patterns.toml) can then be taken out.
"""

from __future__ import annotations

import re
import unicodedata

from flows.safety.tables import TABLES

_FOLDS = {
    # Contractions, spelt out or run together, to one spelling without apostrophes.
    "i am": "im", "i m": "im", "he is": "hes", "she is": "shes", "they are": "theyre",
    "do not": "dont", "dnt": "dont", "does not": "doesnt", "did not": "didnt",
    "can not": "cant", "cannot": "cant", "cnt": "cant", "carnt": "cant", "will not": "wont",
    "is not": "isnt", "are not": "arent", "nt": "not", "have not": "havent",
    "has not": "hasnt", "any more": "anymore", "no more": "anymore", "anymre": "anymore",
    # Text-speak.
    "want to": "wanna", "want 2": "wanna", "wana": "wanna", "wanta": "wanna", "wan2": "wanna",
    "wanto": "wanna", "going to": "gonna", "goin to": "gonna", "going 2": "gonna",
    "goin 2": "gonna", "gona": "gonna", "gunna": "gonna", "gna": "gonna", "finna": "gonna",
    "u": "you", "ur": "your", "r": "are", "ya": "you", "2": "to", "4": "for", "b4": "before",
    "2nite": "tonight", "tonite": "tonight", "2day": "today", "2moro": "tomorrow",
    "tmrw": "tomorrow", "rn": "right now", "cba": "cant be arsed", "tryna": "trying to",
    "sum1": "someone", "some1": "someone", "som1": "someone", "some one": "someone",
    "sumone": "someone", "sumbody": "somebody", "sombody": "somebody", "somebdy": "somebody",
    "no1": "no one", "noone": "no one", "every1": "everyone", "evry1": "everyone",
    "ne1": "anyone", "hlp": "help", "halp": "help", "wiv": "with", "wid": "with",
    "n": "and", "nd": "and", "pls": "please", "plz": "please", "coz": "because",
    "cos": "because", "cuz": "because", "bout": "about", "abt": "about", "sed": "said",
    "sez": "says", "wos": "was", "woz": "was", "thers": "theres", "ther": "there",
    # People.
    "kidz": "kids", "kiddies": "kids", "bf": "boyfriend", "gf": "girlfriend",
    "hubby": "husband", "hubs": "husband", "mam": "mum", "mom": "mum", "my ma": "my mum",
    "me ma": "my mum", "ma": "my", "mi": "my", "step dad": "stepdad", "step mum": "stepmum",
    # Misspelt or dialect forms of words the patterns use.
    "ded": "dead", "kil": "kill", "kll": "kill", "kiling": "killing", "kilin": "killing",
    "slapd": "slapped", "hitted": "hit", "punchd": "punched", "kickd": "kicked",
    "stabed": "stabbed", "hurted": "hurt", "beated": "beat", "smakd": "smacked",
    "chokd": "choked", "touchs": "touches", "topin": "topping", "outsyd": "outside",
    # Text-speak spellings of common words.
    "b": "be", "nemore": "anymore", "nemor": "anymore", "wud": "would", "cud": "could",
    "shud": "should", "betta": "better", "wivout": "without", "witout": "without",
    "agen": "again", "agn": "again", "wen": "when", "dis": "this", "dat": "that", "wot": "what",
    "wat": "what", "nite": "night", "ere": "here", "wna": "wanna", "wnt": "want",
    "ppl": "people", "luv": "love", "neva": "never", "burdn": "burden", "em": "them",
    "nyt": "night", "nife": "knife", "jus": "just", "sory": "sorry", "soz": "sorry", "bin": "been",
}  # fmt: skip
# Dropped g: "thinkin", "killin", "hurtin" ...
_FOLDS.update(
    {
        f"{stem}in": f"{stem}ing"
        for stem in (
            "think kill cutt hurt hitt beat kick punch slapp chok threaten follow watch do "
            "say feel liv be hav com gett tak harm end topp off jump shout scream bang break "
            "stalk smash burn hid runn leav sleep wak dy cry drink hold carry grabb dragg push "
            "go try sav keep look stand sitt driv plann stopp lock hid thinkin cuttin"
        ).split()
    }
)
# Phrases are folded by one regex, then single words by looking each up: far cheaper than
# one regex over every word.
_PHRASES = re.compile(
    r"\b(?:"
    + "|".join(re.escape(k) for k in sorted(_FOLDS, key=len, reverse=True) if " " in k)
    + r")\b"
)
# "myself" as typed in a hurry: "my self", "meself", "maself", "myslef", "mysef", "myslf".
_MYSELF = re.compile(r"\bm[aeiy]{0,2} ?s(?:el|le|l|e)f?e?\b")
_APOSTROPHES = re.compile("['\u2018\u2019\u201b\u02bc\u00b4`]")
_LEET = re.compile(r"(?<=[a-z])[013457@$](?=[a-z])")
_LEET_LETTERS = str.maketrans("013457@$", "oieastas")
_NON_WORD = re.compile(r"[^a-z0-9]+")
REPEATS = re.compile(r"([a-z])\1{2,}")
# Longer than any message a channel delivers (Telegram 4096, SMS about 1600), so every
# real message is read whole while a hostile one cannot cost unbounded time.
MAX_CHARS = 20_000


def normalise(text: str, repeats: str = r"\1\1") -> str:
    """Plain lower-case words: accents, apostrophes and punctuation gone, text-speak folded.

    ``repeats`` replaces a letter written three or more times ("sooo"): two by default.
    """
    plain = text[:MAX_CHARS].casefold()
    if not plain.isascii():
        # NFKD splits accents and compatibility forms (full-width letters, ligatures) off;
        # marks and invisible format characters are then dropped.
        plain = "".join(
            c
            for c in unicodedata.normalize("NFKD", plain)
            if unicodedata.category(c) not in ("Mn", "Cf")
        )
    plain = _APOSTROPHES.sub("", plain)
    plain = _LEET.sub(lambda m: m.group(0).translate(_LEET_LETTERS), plain)
    plain = _NON_WORD.sub(" ", plain)
    plain = REPEATS.sub(repeats, plain).strip()
    plain = _PHRASES.sub(lambda m: _FOLDS[m.group(0)], _MYSELF.sub("myself", plain))
    return " ".join([_FOLDS.get(word, word) for word in plain.split(" ")])


# Prefilter. Most messages hold nothing either reading reacts to, and ruling that out costs
# far less than reading. So the regexes of PATTERNS and CONCEPTS are themselves read, once,
# for the words every match must contain, whole or as how a word starts: clauses, each met
# by any one of its words ("kill|hurt|..." and "myself"). A message's words then say which
# regexes could match. The patterns run only if one of them could; the concepts only if
# those that could might add up to THRESHOLD, and then only those. Nothing that could match


# Everyday phrases about things, money or accidents, taken out before matching. Each is
# tight enough that removing it cannot hide a signal next to it.
EVERYDAY = TABLES.everyday
_EVERYDAY = TABLES.checked(
    lambda: re.compile(r"\b(?:" + "|".join(f"(?:{p})\\b" for p in EVERYDAY.values()) + ")"),
    re.compile,
)


def everyday_out(plain: str) -> str:
    """Normalised ``plain`` with everyday phrases taken out ("." marks where each was)."""
    return _EVERYDAY.sub(" . ", plain)
