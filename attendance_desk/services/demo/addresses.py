"""Addresses, telephone numbers and email addresses that cannot reach anyone.

- The town, Kestleford, is fictional, and its postcodes use the area letters ``KX``, which no Royal Mail postcode
  area uses, in the normal shape (``KX3 7QT``), so address-handling code sees realistic values.
- Telephone numbers come from the ranges Ofcom keeps for drama and fiction: mobiles 07700 900000–900999, and
  geographic numbers 01632 960000–960999, 0113 496 0000–0999, 0161 496 0000–0999, 0121 496 0000–0999 and
  020 7946 0000–0999. Ofcom keeps only 1,000 drama mobile numbers, so in a very large demo the last parents
  allocated have a home number only.
- Email addresses are at ``example.org`` and ``example.com``, which are reserved for examples.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

TOWN = "Kestleford"

# (street, locality or "", postcode district number, postcode sector digit)
STREETS: tuple[tuple[str, str, int, int], ...] = (
    ("Alder Close", "", 1, 2),
    ("Beech Grove", "", 1, 3),
    ("Canal Street", "", 1, 1),
    ("Dovecote Lane", "", 2, 4),
    ("Elm Road", "", 1, 4),
    ("Foundry Way", "", 2, 1),
    ("Garden Terrace", "", 2, 2),
    ("Hawthorn Avenue", "", 3, 5),
    ("Ivy Bank", "Brindle Heath", 4, 1),
    ("Juniper Court", "", 3, 2),
    ("Kestle Road", "", 1, 6),
    ("Larch Drive", "Brindle Heath", 4, 2),
    ("Mill Lane", "", 2, 3),
    ("Northgate", "", 1, 5),
    ("Orchard Way", "Upper Kestle", 5, 1),
    ("Priory Road", "", 3, 3),
    ("Quarry Hill", "Upper Kestle", 5, 2),
    ("Rope Walk", "", 2, 6),
    ("St Anne’s Road", "", 3, 4),
    ("Tannery Row", "", 2, 5),
    ("Union Street", "", 1, 7),
    ("Victoria Road", "", 3, 6),
    ("Weavers Court", "", 2, 7),
    ("Yew Tree Lane", "Upper Kestle", 5, 3),
    ("Bridge Street", "", 1, 8),
    ("Chapel Fold", "Brindle Heath", 4, 3),
    ("Station Road", "", 3, 7),
    ("Church Lane", "Upper Kestle", 5, 4),
    ("Park View", "", 3, 8),
    ("Moorside", "Brindle Heath", 4, 4),
    ("Holly Bank", "", 6, 1),
    ("School Lane", "", 6, 2),
    ("Coronation Street", "", 6, 3),
    ("Lime Kiln Lane", "", 6, 4),
    ("Ashbourne Crescent", "", 6, 5),
    ("Nightingale Walk", "", 6, 6),
)
BLOCKS = ("Jubilee House", "Canal Wharf", "Mill View Court", "Priory Heights")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the last part of a postcode
HOUSES_PER_POSTCODE = 14


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    line2: str
    town: str
    postcode: str


class AddressBook:
    """Hands out distinct homes, so no two unrelated households share an address."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[tuple[str, int, int]] = set()

    def new_home(self) -> Address:
        while True:
            street, locality, district, sector = self._rng.choice(STREETS)
            flat = 0
            if self._rng.random() < 0.12:
                number = self._rng.randint(1, len(BLOCKS))
                flat = self._rng.randint(1, 24)
            else:
                number = self._rng.randint(1, 160)
            key = (street, number, flat)
            if key in self._used:
                continue
            self._used.add(key)
            first, second = divmod((number // HOUSES_PER_POSTCODE + len(street)) % 400, len(_INWARD_LETTERS))
            unit = _INWARD_LETTERS[first] + _INWARD_LETTERS[second]
            postcode = f"KX{district} {sector}{unit}"
            if flat:
                return Address(f"Flat {flat}, {BLOCKS[number - 1]}", street, TOWN, postcode)
            return Address(f"{number} {street}", locality, TOWN, postcode)


def _numbers(prefix: str, first: int, count: int, width: int) -> list[str]:
    return [f"{prefix}{n:0{width}d}" for n in range(first, first + count)]


class PhoneBook:
    """Distinct numbers from Ofcom's drama ranges, in a seeded random order."""

    def __init__(self, rng: random.Random, reserved_home: int = 40) -> None:
        mobiles = _numbers("07700 900", 0, 1000, 3)
        homes = _numbers("01632 960", reserved_home, 1000 - reserved_home, 3)
        works = (
            _numbers("0113 496 0", 0, 1000, 3)
            + _numbers("0161 496 0", 0, 1000, 3)
            + _numbers("0121 496 0", 0, 1000, 3)
            + _numbers("020 7946 0", 0, 1000, 3)
        )
        for pool in (mobiles, homes, works):
            rng.shuffle(pool)
        self._mobiles: Iterator[str] = iter(mobiles)
        self._homes: Iterator[str] = iter(homes)
        self._works: Iterator[str] = iter(works)
        # Landlines run out only in schools far beyond any real size; then the work ranges serve as homes too.
        self._overflow: Iterator[str] = iter(works[::-1])

    def mobile(self) -> str:
        return next(self._mobiles, "")

    def home(self) -> str:
        return next(self._homes, "") or next(self._overflow, "")

    def work(self) -> str:
        return next(self._works, "")


def reserved_landline(index: int) -> str:
    """One of the first numbers of 01632 960xxx, kept for the school itself and the local authority."""
    return f"01632 960{index:03d}"


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "’": "", "'": "", " ": "", "-": ""})


def email_local_part(*parts: str) -> str:
    """Lower-case ASCII for an email address: accents dropped, apostrophes, spaces and hyphens removed."""
    text = ".".join(p.translate(_FOLD) for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == ".")).lower()


class EmailBook:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def personal(self, forename: str, surname: str) -> str:
        domain = "example.org" if self._rng.random() < 0.6 else "example.com"
        style = self._rng.random()
        if style < 0.5:
            local = email_local_part(forename, surname)
        elif style < 0.8:
            local = email_local_part(forename[:1] + surname)
        else:
            local = email_local_part(forename + surname) + str(self._rng.randint(70, 99))
        return self._unique(local, domain)

    def work(self, forename: str, surname: str, organisation: str) -> str:
        return self._unique(email_local_part(forename, surname) + "." + organisation, "example.org")

    def _unique(self, local: str, domain: str) -> str:
        candidate = f"{local}@{domain}"
        n = 2
        while candidate in self._used:
            candidate = f"{local}{n}@{domain}"
            n += 1
        self._used.add(candidate)
        return candidate
