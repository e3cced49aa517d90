"""How people talk, mapped to how directories describe things; and search terms from a message.

A resident says "skint" or "the leccy's run out"; a directory says "money advice" and
"prepayment meter". The table below bridges the two. Each entry is a set of everyday
phrases (separated by "|") and the directory terms they should find (separated by
commas; a term of several words is searched as a phrase). Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

MAX_TERMS = 24
MAX_TOKENS = 400

# how people say it                                          -> how directories put it
VOCABULARY: tuple[tuple[str, str], ...] = (
    # Money and debt
    (
        "skint | broke | brassic | boracic | potless | hard up | no money | not a penny | money"
        " | cant afford | can not afford | cannot afford | struggling for money | money troubles"
        " | struggling with money | short of money | strapped | money worries | make ends meet"
        " | scraping by | budget | budgeting | no money left",
        "money, debt, budgeting, benefit checks",
    ),
    (
        "bills | cant pay | can not pay | behind on | behind with | fallen behind | red letters"
        " | final demand | final reminder | threatening letters | owe | owing",
        "debt, arrears, money, bills",
    ),
    (
        "bailiffs | bailiff | debt collectors | debt collector | enforcement | ccj"
        " | county court | court letter | court letters | summons",
        "bailiffs, enforcement agents, debt, creditors",
    ),
    (
        "debts | in debt | debt | overdraft | overdrawn | credit card | credit cards"
        " | catalogue | klarna | buy now pay later | arrears",
        "debt, creditors, repayment",
    ),
    (
        "loan | loans | payday | loan shark | loan sharks | doorstep lender | borrow"
        " | borrowed money | borrow money",
        "loans, payday loans, lenders, affordable credit, debt",
    ),
    ("council tax", "council tax, debt, arrears"),
    (
        "universal credit | uc | dole | benefits | benefit | pip | esa | jsa | sanction"
        " | sanctioned | sanctions | dwp | tax credits | housing benefit | payments stopped"
        " | claim | tribunal | appeal | mandatory reconsideration",
        "benefits, universal credit, pip, sanctions, appeals",
    ),
    (
        "nothing left | got nothing | got nothing left | penniless | emergency | crisis"
        " | desperate",
        "emergency, crisis, food parcels, money",
    ),
    (
        "pension | pensioner | pension credit | attendance allowance | state pension",
        "pension, older, attendance allowance",
    ),
    # Food
    (
        "hungry | starving | nothing to eat | no food | empty cupboards | cupboards are empty"
        " | fridge is empty | empty fridge | cant feed | can not feed | feed the kids"
        " | feed my kids | feed my family | food parcel | foodbank | food bank | tea for the kids"
        " | skipping meals | not eaten | havent eaten | food | nothing in the cupboards"
        " | nothing in the fridge | cupboards are bare",
        "food parcels, food bank, emergency food, groceries",
    ),
    (
        "shopping | groceries | food shop | food bill | cheap food | food costs",
        "groceries, food club, low-cost food",
    ),
    ("hot meal | dinner | lunch | proper meal | cooked meal", "meal, lunch, hot food"),
    # Energy
    (
        "key meter | keymeter | prepay meter | prepayment | top up | topup | topping up"
        " | emergency credit | meter | leccy | lecky | electric | electricity | gas"
        " | gas and electric | self disconnect | cut off | lights off",
        "prepayment meters, energy, fuel, top-ups, electricity, gas",
    ),
    (
        "cold | freezing | heating | no heating | cold house | cant heat | can not heat"
        " | boiler | radiators | energy bills | fuel",
        "heating, energy, fuel, boilers, warm",
    ),
    (
        "damp | mould | mold | black mould | leak | leaking | leaks | repairs | broken"
        " | falling apart | condensation",
        "damp, mould, disrepair, repairs",
    ),
    # Housing
    (
        "kicked out | evicted | eviction | evict | notice | section 21 | section twenty one"
        " | lose my home | lose my flat | lose the house | losing my home | losing my flat"
        " | losing the house | chucked out | thrown out | get me out",
        "eviction notices, eviction, housing, homelessness",
    ),
    (
        "landlord | landlady | letting agent | tenancy | deposit | renting | rented | private rent",
        "landlords, tenants, renters, housing",
    ),
    (
        "rent | rent arrears | behind on rent | rent went up | rent increase",
        "rent arrears, rent, housing, renters",
    ),
    (
        "homeless | sofa surfing | nowhere to stay | nowhere to live | nowhere to sleep"
        " | on the streets | sleeping rough | sleeping out | slept rough | sleep rough"
        " | in my car | no fixed abode | hostel | emergency housing",
        "homeless, sleeping rough, emergency accommodation",
    ),
    (
        "council house | council flat | housing list | housing register | bidding | overcrowded"
        " | rehoused | move house",
        "housing register, housing",
    ),
    (
        "furniture | bed | beds | mattress | sofa | settee | fridge | freezer | cooker"
        " | washing machine | wardrobe | empty flat | new flat | no furniture"
        " | sleeping on the floor | white goods",
        "furniture, beds, appliances",
    ),
    # Loneliness, grief, company
    (
        "lonely | loneliness | alone | on my own | by myself | isolated"
        " | no one to talk to | noone to talk to | nobody to talk to | not got anyone"
        " | dont see anyone | never see anyone | no friends | no mates"
        " | no company | miss having company | sat in all day | stuck indoors | four walls"
        " | no one visits | nobody visits | talk to someone | someone to talk to"
        " | nobody to chat to | no one to chat to | dont know anyone | dont know anybody"
        " | dont get out | never get out | never go out | housebound",
        "lonely, isolated, befriending, company, friendship",
    ),
    (
        "friends | make friends | meet people | new people | social | get out more"
        " | get out of the house | get out the house | bored | nothing to do | stir crazy"
        " | climbing the walls",
        "friends, social, company, meet",
    ),
    (
        "died | passed away | lost my | death | funeral | grief | grieving | widow"
        " | widower | bereaved | since he went | since she went",
        "bereavement, grief, death, loss",
    ),
    (
        "older | elderly | old age | pensioners | retired | retirement | over 60 | over 70"
        " | over 80 | my age",
        "older people, retirement",
    ),
    # Mental health
    (
        "feeling down | so down | really down | feel low | feeling low | low mood | depressed"
        " | depression | anxious | anxiety | panic | panic attacks | stressed | stress"
        " | cant cope | can not cope | not coping | struggling to cope | struggling mentally"
        " | head is a mess | heads a mess | my head | mental health | mental | nerves"
        " | overwhelmed | breakdown | crying all the time | cant sleep | can not sleep"
        " | not sleeping | dark place | worried sick",
        "mental health, anxiety, depression, stress, peer support, counselling",
    ),
    (
        "counselling | counsellor | therapy | therapist | talk to a professional | cbt",
        "counselling, therapy",
    ),
    ("trauma | flashbacks | nightmares | ptsd", "trauma, counselling"),
    # Drink and drugs
    (
        "drinking | drink | drinking too much | booze | alcohol | alcoholic | on the drink"
        " | hungover | drunk | aa",
        "alcohol, drinking, recovery",
    ),
    (
        "drugs | using again | been using | gear | weed | coke | cocaine | heroin | crack"
        " | spice | pills | addicted | addiction | get clean | clean | sober | relapse"
        " | relapsed | rehab | recovery",
        "drugs, addiction, recovery, treatment",
    ),
    ("gambling | betting | bookies | slots", "gambling, addiction"),
    # Work
    (
        "job | jobs | no work | out of work | find work | get work | looking for work"
        " | need work | unemployed | laid off | redundant | redundancy | sacked | fired"
        " | lost my job | cv | interview | interviews | jobcentre | job centre"
        " | apprenticeship | career",
        "work, employment, jobs, cv, training",
    ),
    (
        "volunteer | volunteering | give something back | give back | help others"
        " | help out | keep busy | something useful",
        "volunteering, give something back",
    ),
    # Language and newcomers
    (
        "english | my english | speak english | learn english | learning english | language"
        " | translator | interpreter | translate | esol | lessons | classes",
        "english, esol, language, conversation",
    ),
    (
        "refugee | refugees | asylum | seeking asylum | home office | new to the country"
        " | new to this country | just arrived | from syria | from ukraine | from afghanistan"
        " | from sudan | from eritrea | from iran | visa | immigration | leave to remain",
        "refugees, asylum, welcome, immigration",
    ),
    # Digital
    (
        "computer | computers | laptop | tablet | ipad | smartphone | mobile phone"
        " | use my phone | using my phone | on my phone | new phone | internet | online"
        " | wifi | email | emails | website | app | apps | zoom | video call | online forms"
        " | journal | uc journal | passwords | password | data",
        "digital, online, computer, smartphone",
    ),
    ("uc journal | universal credit journal", "universal credit"),
    ("forms | form | paperwork | filling in | fill in | fill out", "forms, filling in forms"),
    # Getting about
    (
        "lift | lifts | get to | getting to | get there | no car | cant drive | can not drive"
        " | dont drive | bus | buses | taxi | transport | wheelchair | mobility scooter"
        " | get about | getting about | hospital appointment | hospital",
        "transport, appointments, hospital, minibus",
    ),
    # Children and families
    (
        "baby | babies | newborn | pregnant | expecting | nappies | nappy | formula | milk for"
        " | pram | buggy | cot | car seat",
        "baby, nappies, formula, prams",
    ),
    (
        "toddler | toddlers | little one | little ones | under fives | new mum"
        " | mum friends | mums | stuck in with the kids | playgroup | play group",
        "parent and toddler, children, play",
    ),
    (
        "kids | children | child | my kids | the kids | single mum | single parent | single dad"
        " | dads | parenting | parent | parents",
        "children, parents, family",
    ),
    (
        "school uniform | uniform | school shoes | pe kit | school clothes | blazer"
        " | back to school | grown out",
        "school uniform, school shoes, pe kit",
    ),
    (
        "teenager | teenagers | teen | nothing to do | hanging around | hanging about"
        " | young people | youth | 13 year old | 14 year old | 15 year old | 16 year old"
        " | on the streets at night",
        "youth club, young people",
    ),
    # Caring
    (
        "carer | caring | look after | looking after | care for | caring for | full time carer"
        " | dementia | alzheimers | need a break | never get a break | respite | carers allowance",
        "carers, caring, respite, break, dementia",
    ),
    # Abuse
    (
        "hits me | hit me | hurts me | hurt me | scared of him | scared of her | scared of my"
        " | afraid of him | controlling | controls | abusive | abuse | domestic | violent"
        " | beats me | threatens | threatening me | takes my money | wont let me",
        "domestic abuse, controlling, violence",
    ),
    # Activities and wellbeing
    (
        "walk | walking | walks | exercise | fitness | get fit | lose weight | fresh air"
        " | keep active | stay active | fitter | get fitter | unfit | healthier | lose some weight",
        "walks, walking, exercise",
    ),
    (
        "garden | gardening | allotment | grow | growing | plants | outdoors",
        "gardening, garden, outdoors, growing",
    ),
    (
        "woodwork | tools | make things | making things | fix things | fixing things | diy"
        " | bloke | blokes | men | shed",
        "men, shed, workshop, woodwork",
    ),
    (
        "warm | warm space | somewhere warm | keep warm | warm place | cuppa | brew"
        " | somewhere to go | charge my phone",
        "warm space, hot drinks, welcoming",
    ),
    (
        "gay | lesbian | trans | queer | bi | bisexual | lgbt | lgbtq | nonbinary | non binary",
        "lgbtq",
    ),
    (
        "books | reading | library | print | printing | printer | photocopy",
        "library, books, printing, computers",
    ),
)

# Words that carry no need on their own ("I just really need some help with stuff").
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any anyone anything are arent as at
    be because been before being below between both but by can cant could couldnt did didnt
    do does doesnt doing dont down during each few for from further get gets getting got had
    hadnt has hasnt have havent having he hed hell hes her here hers herself him himself his
    how i id ill im ive if in into is isnt it its itself just keep kind know lately let like
    lot lots maybe me more most much must my myself need needs new no nor not now of off oh ok
    okay on once only or other our ours ourselves out over own please pls plz really right
    same say said she shes should so some someone something sort stuff such than thank thanks
    that thats the their theirs them themselves then there theres these they theyre thing
    things think this those though through to too try trying u under until up ur us very want
    wanted wants was wasnt way we were what whats when where which while who why will with
    wont would wouldnt yeah yes yet you youre your yours yourself hi hello hey hiya morning
    evening afternoon help support advice service services anybody everything everyone
    going gonna wanna gotta go goes went come coming came round around still even ever
    bit little bad good well time times day days week weeks month months year years today
    tomorrow yesterday tonight lately recently since already always never sometimes often
    sure dunno idk tbh lol x xx xxx one two three people person mine ones feel feeling
    feels felt run ran keep keeps kept make makes made look looks lot lots stop stopped
    tell told ask asked find found use used work anymore much wondering wonder wondered
    hoping hope asking question quick sorry cheers ta um erm hmm ah mate last next first
    """.split()
)

_AGE_WORDS = frozenset({"im", "am", "aged", "age", "nearly", "turned", "turning"})
OLDER = ("older people", "retirement")
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


@dataclass(frozen=True)
class Mention:
    """Something the person said, in their words, and the search terms it stands for."""

    said: str
    terms: tuple[str, ...]
    own_words: bool = False


@dataclass(frozen=True)
class _Token:
    surface: str
    key: str


@cache
def _table() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """Phrase (as token keys) -> directory terms, and the longest phrase length."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for phrases, terms in VOCABULARY:
        for phrase in phrases.split("|"):
            key = tuple(t.key for t in _tokens(phrase))
            if key:
                more = tuple(t.strip() for t in terms.split(","))
                table[key] = tuple(dict.fromkeys(table.get(key, ()) + more))
    return table, max(len(k) for k in table)


def _tokens(text: str) -> list[_Token]:
    folded = unicodedata.normalize("NFKC", text[: MAX_TOKENS * 20]).casefold()
    found = []
    for match in _TOKEN.finditer(folded):
        surface = match.group().replace("\u2019", "'")
        found.append(_Token(surface, surface.replace("'", "")))
        if len(found) == MAX_TOKENS:
            break
    return found


def mentions(text: str) -> list[Mention]:
    """What the person talked about, in order: vocabulary phrases first matched longest."""
    table, longest = _table()
    tokens = _tokens(text)
    found: list[Mention] = []
    index = 0
    while index < len(tokens):
        mention, width = _age_at(tokens, index), 1
        if mention is None:
            mention, width = _phrase_at(tokens, index, table, longest)
        if mention is None:
            mention = _own_word(tokens, index)
        if mention is not None:
            found.append(mention)
        index += width
    return found


def _age_at(tokens: list[_Token], index: int) -> Mention | None:
    """An age given in passing ("I'm 82") says what kind of group might suit."""
    key = tokens[index].key
    if not key.isdigit() or index == 0 or tokens[index - 1].key not in _AGE_WORDS:
        return None
    return Mention(f"{tokens[index - 1].surface} {key}", OLDER) if 60 <= int(key) <= 110 else None


def _phrase_at(
    tokens: list[_Token],
    index: int,
    table: dict[tuple[str, ...], tuple[str, ...]],
    longest: int,
) -> tuple[Mention | None, int]:
    for width in range(min(longest, len(tokens) - index), 0, -1):
        window = tokens[index : index + width]
        terms = table.get(tuple(t.key for t in window))
        if terms is None and width == 1:
            terms = _near_miss(window[0].key, table)
        if terms is not None:
            return Mention(_said(tokens, index, width), terms), width
    return None, 1


def _near_miss(key: str, table: dict[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...] | None:
    """A plural, or a word one typo away from a vocabulary word ("bailifs", "lonley")."""
    if key.endswith("s") and (key[:-1],) in table:
        return table[(key[:-1],)]
    if len(key) < 5 or key in STOP_WORDS:
        return None
    for word, terms in _single_words().get(key[0], ()):
        if _one_edit(word, key):
            return terms
    return None


@cache
def _single_words() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """One-word vocabulary entries of five letters or more, by first letter."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for key, terms in _table()[0].items():
        if len(key) == 1 and len(key[0]) >= 5:
            found.setdefault(key[0][0], []).append((key[0], terms))
    return {letter: tuple(words) for letter, words in found.items()}


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter added, dropped, changed or swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]]
        return len(diffs) == 1 or (swapped and a[diffs[1]] == b[diffs[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _own_word(tokens: list[_Token], index: int) -> Mention | None:
    key = tokens[index].key
    if key in STOP_WORDS or len(key) < 3 or len(key) > 30 or key.isdigit():
        return None
    return Mention(_said(tokens, index, 1), (key,), own_words=True)


def _said(tokens: list[_Token], index: int, width: int) -> str:
    """The person's words, with "the"/"my" before them kept (my rent -> your rent)."""
    words = " ".join(t.surface for t in tokens[index : index + width])
    before = tokens[index - 1].key if index else ""
    owner = {"my": "your", "our": "your", "the": "the", "me": ""}.get(before, "")
    return f"{owner} {words}".strip()


def query_terms(text: str) -> list[str]:
    """Search terms for a message: vocabulary terms first, then the person's own words.

    Safe on any input (empty, emoji only, 2,000 characters); at most ``MAX_TERMS``.
    """
    found = mentions(text)
    ordered = [t for m in found if not m.own_words for t in m.terms]
    ordered += [t for m in found if m.own_words for t in m.terms]
    return list(dict.fromkeys(ordered))[:MAX_TERMS]
