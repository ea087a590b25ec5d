"""Names for the demo school's families: a mix like a town in England, written the way families write them.

Every name here is common in its language; no combination is meant to be a real person. Spellings keep their
accents and apostrophes (Zoë, Siân, Łukasz, Ó Briain, O’Connor with a typographic apostrophe), because real MIS
exports carry them and every screen, letter and CSV must survive them. Some surnames change with the bearer's sex
(Polish Kowalski / Kowalska, Irish Ó Briain / Ní Bhriain); families use the right form for each person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Surname:
    male: str
    female: str

    def for_sex(self, sex: str) -> str:
        return self.female if sex == "F" else self.male


@dataclass(frozen=True, slots=True)
class NameGroup:
    key: str
    weight: int  # relative share of families
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[Surname, ...]
    women: tuple[str, ...] = ()  # parents' generation; children's names are used when empty
    men: tuple[str, ...] = ()
    eal_chance: float = 0.02  # chance a child of this family has English as an additional language
    marks_eid: bool = False  # the family may ask for religious-observance leave on Eid al-Fitr
    preferred: dict[str, str] = field(default_factory=dict)  # legal forename -> the name the child uses

    def adult_names(self, sex: str) -> tuple[str, ...]:
        if sex == "F":
            return self.women or self.girls
        return self.men or self.boys


def _same(*names: str) -> tuple[Surname, ...]:
    return tuple(Surname(n, n) for n in names)


NAME_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        "english",
        52,
        (
            "Olivia",
            "Amelia",
            "Isla",
            "Ava",
            "Freya",
            "Lily",
            "Grace",
            "Evie",
            "Poppy",
            "Ella",
            "Sophie",
            "Zoë",
            "Ruby",
            "Rosie",
            "Matilda",
            "Phoebe",
            "Esmé",
            "Daisy",
            "Florence",
            "Harriet",
            "Chloé",
            "Imogen",
        ),
        (
            "Oliver",
            "George",
            "Harry",
            "Noah",
            "Jack",
            "Leo",
            "Arthur",
            "Oscar",
            "Charlie",
            "Freddie",
            "Alfie",
            "Theo",
            "Archie",
            "Henry",
            "Thomas",
            "Joshua",
            "Alexander",
            "Samuel",
            "William",
            "James",
            "Reuben",
        ),
        _same(
            "Smith",
            "Taylor",
            "Brown",
            "Wilson",
            "Walker",
            "Wright",
            "Robinson",
            "Thompson",
            "Hughes",
            "Green",
            "Hall",
            "Wood",
            "Harris",
            "Clarke",
            "Jackson",
            "Turner",
            "Hill",
            "Cooper",
            "Ward",
            "Bailey",
            "Shaw",
            "Holmes",
            "Marsh",
            "Fletcher",
            "Barker",
            "Whitworth",
            "Ashworth",
            "Sutcliffe",
            "Hargreaves",
            "Pickering",
            "Bennett-Hughes",
            "Lloyd-Webster",
            "D’Souza",
        ),
        women=(
            "Sarah",
            "Emma",
            "Claire",
            "Laura",
            "Rebecca",
            "Gemma",
            "Hayley",
            "Nicola",
            "Kirsty",
            "Rachel",
            "Jennifer",
            "Amy",
            "Louise",
            "Stacey",
            "Katie",
            "Joanne",
        ),
        men=(
            "Daniel",
            "Lee",
            "Craig",
            "Mark",
            "Andrew",
            "Paul",
            "Matthew",
            "Christopher",
            "Stuart",
            "Ryan",
            "Wayne",
            "Jamie",
            "Richard",
            "Carl",
            "Neil",
            "Adam",
        ),
        preferred={
            "Alexander": "Alex",
            "Oliver": "Ollie",
            "Joshua": "Josh",
            "Samuel": "Sam",
            "Florence": "Flo",
            "William": "Billy",
            "Harriet": "Hattie",
        },
    ),
    NameGroup(
        "welsh",
        6,
        ("Siân", "Cerys", "Ffion", "Seren", "Megan", "Eleri", "Gwen", "Angharad", "Nia", "Lowri", "Mali"),
        ("Rhys", "Dafydd", "Ieuan", "Gethin", "Owain", "Emrys", "Llŷr", "Aled", "Huw", "Tomos", "Iwan"),
        _same(
            "Jones",
            "Evans",
            "Llewellyn",
            "Pritchard",
            "Prosser",
            "Bowen",
            "Griffiths",
            "Vaughan",
            "Rees",
            "Morgan",
            "Powell",
            "ap Gwilym",
        ),
        women=("Rhiannon", "Catrin", "Bethan", "Sioned", "Nerys", "Siân"),
        men=("Gareth", "Dylan", "Gwyn", "Emyr", "Geraint", "Rhodri"),
        preferred={"Dafydd": "Dai"},
    ),
    NameGroup(
        "irish",
        6,
        ("Aoife", "Siobhán", "Niamh", "Saoirse", "Róisín", "Caoimhe", "Clodagh", "Orla", "Éabha"),
        ("Oisín", "Seán", "Cian", "Pádraig", "Darragh", "Ciarán", "Eoin", "Conor", "Tadhg"),
        (
            Surname("Ó Briain", "Ní Bhriain"),
            *_same("O’Connor", "Murphy", "Kelly", "Byrne", "O’Sullivan", "McCarthy", "Doyle", "Gallagher", "O’Neill"),
        ),
        women=("Siobhán", "Máire", "Aisling", "Deirdre", "Gráinne", "Sinéad"),
        men=("Pádraig", "Declan", "Colm", "Fergal", "Ronan", "Séamus"),
    ),
    NameGroup(
        "polish",
        7,
        ("Zofia", "Zuzanna", "Maja", "Hanna", "Julia", "Natalia", "Wiktoria", "Alicja", "Lena", "Oliwia"),
        ("Jakub", "Łukasz", "Bartłomiej", "Kacper", "Szymon", "Mateusz", "Filip", "Antoni", "Wojciech"),
        (
            Surname("Kowalski", "Kowalska"),
            Surname("Wiśniewski", "Wiśniewska"),
            Surname("Kamiński", "Kamińska"),
            Surname("Lewandowski", "Lewandowska"),
            Surname("Zieliński", "Zielińska"),
            Surname("Dąbrowski", "Dąbrowska"),
            Surname("Szymański", "Szymańska"),
            *_same("Nowak", "Wójcik", "Mazur", "Krawczyk"),
        ),
        women=("Małgorzata", "Agnieszka", "Katarzyna", "Anna", "Joanna", "Ewa", "Magdalena"),
        men=("Piotr", "Tomasz", "Marcin", "Paweł", "Krzysztof", "Grzegorz", "Michał"),
        eal_chance=0.7,
        preferred={"Zofia": "Zosia", "Bartłomiej": "Bartek", "Wojciech": "Wojtek"},
    ),
    NameGroup(
        "pakistani",
        8,
        ("Aisha", "Fatima", "Zainab", "Maryam", "Inaya", "Hafsa", "Noor", "Iqra", "Mahnoor", "Eman", "Haniya"),
        ("Muhammad", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Hamza", "Ali", "Omar", "Musa", "Rayyan", "Haris"),
        _same("Khan", "Hussain", "Ahmed", "Akhtar", "Iqbal", "Chaudhry", "Rashid", "Mahmood", "Bibi-Shah"),
        women=("Nazia", "Shazia", "Saima", "Rubina", "Samina", "Farah"),
        men=("Imran", "Tariq", "Asif", "Naveed", "Kashif", "Shahid"),
        eal_chance=0.55,
        marks_eid=True,
    ),
    NameGroup(
        "indian",
        4,
        ("Priya", "Anaya", "Aanya", "Simran", "Diya", "Ishani", "Riya", "Kavya"),
        ("Arjun", "Rohan", "Vihaan", "Aarav", "Dev", "Kabir", "Ishaan", "Nikhil"),
        _same("Patel", "Sharma", "Mistry", "Gill", "Sandhu", "Chauhan", "Desai", "Joshi"),
        women=("Sunita", "Pooja", "Neha", "Meera", "Anjali"),
        men=("Rajesh", "Sanjay", "Vikram", "Amit", "Harpreet"),
        eal_chance=0.45,
    ),
    NameGroup(
        "west_african",
        5,
        ("Chiamaka", "Adaeze", "Temitope", "Amara", "Folake", "Ifeoma", "Abena", "Efua"),
        ("Chidi", "Emeka", "Oluwaseun", "Tobi", "Kwame", "Kofi", "Tunde", "Chukwuemeka"),
        _same("Okafor", "Adeyemi", "Okonkwo", "Mensah", "Adebayo", "Eze", "Balogun", "Owusu", "Asante"),
        women=("Ngozi", "Funmilayo", "Yetunde", "Akosua", "Chinwe"),
        men=("Oluwafemi", "Chinedu", "Kwabena", "Babatunde", "Ikenna"),
        eal_chance=0.35,
        preferred={"Oluwaseun": "Seun", "Chukwuemeka": "Emeka", "Temitope": "Temi"},
    ),
    NameGroup(
        "somali",
        3,
        ("Hodan", "Ayan", "Sagal", "Ifrah", "Hibo", "Nimco", "Sahra"),
        ("Abdirahman", "Mohamed", "Abdi", "Yusuf", "Liban", "Mahad", "Guled"),
        _same("Abdi", "Mohamed", "Ali", "Hassan", "Warsame", "Farah", "Jama", "Osman"),
        women=("Faadumo", "Hawa", "Khadra", "Ubah"),
        men=("Abdullahi", "Ahmed", "Said", "Mukhtar"),
        eal_chance=0.85,
        marks_eid=True,
    ),
    NameGroup(
        "romanian",
        3,
        ("Ioana", "Andreea", "Maria", "Elena", "Bianca", "Ștefania"),
        ("Andrei", "Ștefan", "Mihai", "Alexandru", "Ionuț", "Răzvan"),
        _same("Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Constantin", "Munteanu"),
        women=("Mihaela", "Gabriela", "Cristina", "Daniela"),
        men=("Florin", "Cătălin", "Adrian", "Bogdan"),
        eal_chance=0.85,
    ),
    NameGroup(
        "chinese",
        2,
        ("Mei", "Xinyi", "Jing", "Yutong", "Zihan"),
        ("Wei", "Hao", "Junjie", "Haoran", "Zixuan"),
        _same("Chen", "Wong", "Li", "Zhang", "Liu", "Huang"),
        women=("Li Na", "Xiaoling", "Hui"),
        men=("Jian", "Qiang", "Ming"),
        eal_chance=0.7,
    ),
    NameGroup(
        "caribbean",
        3,
        ("Jada", "Kiara", "Aaliyah", "Renée", "Shanice", "Tia"),
        ("Tyrese", "Jayden", "Malachi", "Isaiah", "Andre", "Kai"),
        _same("Campbell", "Francis", "Grant", "Baptiste", "Henry", "Clarke", "Reid", "St Louis"),
        women=("Marcia", "Sonia", "Paulette", "Keisha"),
        men=("Delroy", "Winston", "Marlon", "Leon"),
    ),
    NameGroup(
        "portuguese",
        2,
        ("Inês", "Beatriz", "Leonor", "Mariana", "Matilde"),
        ("João", "Tomás", "Rodrigo", "Gonçalo", "Duarte"),
        _same("Gonçalves", "Ferreira", "Rodrigues", "Sousa", "Pereira", "Conceição"),
        women=("Sónia", "Patrícia", "Ana"),
        men=("Nuno", "Rui", "Vítor"),
        eal_chance=0.75,
    ),
)

NAME_GROUP_BY_KEY = {group.key: group for group in NAME_GROUPS}
_WEIGHTS = [group.weight for group in NAME_GROUPS]


def pick_group(rng: random.Random) -> NameGroup:
    return rng.choices(NAME_GROUPS, weights=_WEIGHTS)[0]


def pick_forename(rng: random.Random, group: NameGroup, sex: str, *, adult: bool = False) -> str:
    if adult:
        return rng.choice(group.adult_names(sex))
    return rng.choice(group.girls if sex == "F" else group.boys)


def pick_middle_name(rng: random.Random, group: NameGroup, sex: str, forename: str) -> str:
    """A middle name from the family's names (not the forename again), or from the English list sometimes."""
    source = group if rng.random() < 0.8 else NAME_GROUPS[0]
    choices = [n for n in (source.girls if sex == "F" else source.boys) if n != forename]
    return rng.choice(choices)


def pick_surname(rng: random.Random, group: NameGroup) -> Surname:
    return rng.choice(group.surnames)
