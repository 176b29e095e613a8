"""Controlled vocabularies and code checks shared by every record type."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

import pycountry
from pydantic import AfterValidator, StringConstraints


class Topic(str, Enum):
    intimate_image_sharing = "intimate_image_sharing"
    voyeurism = "voyeurism"
    threat_to_share = "threat_to_share"
    synthetic_media = "synthetic_media"
    cyberstalking = "cyberstalking"
    harassment = "harassment"
    privacy = "privacy"
    data_protection = "data_protection"
    defamation = "defamation"
    platform_duty = "platform_duty"
    child_protection = "child_protection"
    obscenity = "obscenity"


# Shown to users in the `topics` table and on pages; the keys are the contract.
TOPIC_DESCRIPTIONS: dict[Topic, tuple[str, str]] = {
    Topic.intimate_image_sharing: (
        "Sharing intimate images without consent",
        "Distributing, publishing or showing private sexual or nude images or videos without the "
        "depicted person's consent (\"revenge porn\", leaked \"MMS\" videos). Offences only about sexual "
        "images of children are tagged child_protection instead.",
    ),
    Topic.voyeurism: (
        "Voyeurism and hidden filming",
        "Watching, photographing or recording someone in a private act or place, or under their "
        "clothing, without consent.",
    ),
    Topic.threat_to_share: (
        "Threats to share (sextortion)",
        "Threatening to share intimate images, including to extort money, images or acts.",
    ),
    Topic.synthetic_media: (
        "Synthetic and deepfake images",
        "Images or videos made or altered by software (including AI) to show a real person in an "
        "intimate or sexual way.",
    ),
    Topic.cyberstalking: (
        "Cyberstalking",
        "A course of conduct, online or by electronic means, that follows, monitors or frightens a person.",
    ),
    Topic.harassment: (
        "Harassment",
        "Conduct or messages that alarm, distress, insult or intimidate a person, including sexual harassment.",
    ),
    Topic.privacy: (
        "Privacy",
        "Rights and wrongs concerning private life, including misuse of private information.",
    ),
    Topic.data_protection: (
        "Data protection",
        "Rules on processing personal data and the rights of the people it is about (access, erasure).",
    ),
    Topic.defamation: (
        "Defamation",
        "False statements that harm a person's reputation, civil or criminal.",
    ),
    Topic.platform_duty: (
        "Platform duties",
        "Duties of online platforms and intermediaries to remove, block or prevent content, and "
        "who enforces them.",
    ),
    Topic.child_protection: (
        "Child protection",
        "Laws on sexual images of children, which is how the law reaches intimate images of minors.",
    ),
    Topic.obscenity: (
        "Obscenity and pornography",
        "General offences against publishing or sending obscene, indecent or pornographic material, with no "
        "element about the depicted person's consent. Often how leaked images were charged before (or beside) a "
        "specific law, so they are listed, but they do not count as laws against sharing intimate images without "
        "consent.",
    ),
}


class Liability(str, Enum):
    criminal = "criminal"
    civil = "civil"
    administrative = "administrative"


class Status(str, Enum):
    """Legal status of an instrument or provision, as of the research date."""

    in_force = "in_force"
    not_yet_in_force = "not_yet_in_force"  # enacted, not yet commenced
    repealed = "repealed"
    struck_down = "struck_down"  # held invalid by a court


class InstrumentKind(str, Enum):
    constitution = "constitution"
    act = "act"  # an Act or statute of a legislature
    code = "code"  # a consolidated code (penal code, state code title)
    ordinance = "ordinance"
    regulation = "regulation"  # EU regulation, or secondary legislation called regulations
    rules = "rules"  # delegated rules (e.g. India's IT Rules)
    directive = "directive"


class SectionTerm(str, Enum):
    """What the instrument calls its numbered units, so pages can say 'Article 17' not 'Section 17'."""

    section = "section"
    article = "article"
    rule = "rule"
    regulation = "regulation"
    clause = "clause"
    paragraph = "paragraph"


class Level(str, Enum):
    supranational = "supranational"
    national = "national"
    subnational = "subnational"


class ResearchStatus(str, Enum):
    complete = "complete"
    partial = "partial"
    not_started = "not_started"


class ResourceKind(str, Enum):
    helpline = "helpline"
    reporting_portal = "reporting_portal"
    takedown_tool = "takedown_tool"
    regulator = "regulator"
    legal_aid = "legal_aid"
    counselling = "counselling"


class SourceKind(str, Enum):
    primary = "primary"  # the official legislation site or gazette
    secondary = "secondary"  # explainers, news, secondary compilations


class VerificationStatus(str, Enum):
    verified = "verified"
    unverified = "unverified"


class Requester(str, Enum):
    """Who may ask a platform to remove content under a platform duty."""

    victim = "victim"  # the depicted person or someone acting for them
    any_user = "any_user"
    regulator = "regulator"
    court = "court"
    government = "government"
    police = "police"


# Legal jurisdictions that ISO 3166 does not code. Keep this list short and documented: every entry is
# a real legal system with its own law, not a region.
EXTRA_JURISDICTIONS: dict[str, str] = {
    "eu": "European Union (supranational law: regulations and directives)",
    "gb-eaw": "England and Wales (one legal jurisdiction; ISO 3166-2 codes only England and Wales apart)",
}

JURISDICTION_ID = re.compile(r"^[a-z]{2}(-[a-z0-9]{1,3})?$")


def check_jurisdiction_id(value: str) -> str:
    if not JURISDICTION_ID.match(value):
        raise ValueError(
            f"{value!r} is not a lowercase ISO 3166 code (like 'in', 'us-ca') or a listed legal jurisdiction"
        )
    if value in EXTRA_JURISDICTIONS:
        return value
    code = value.upper()
    found = (
        pycountry.subdivisions.get(code=code) if "-" in code else pycountry.countries.get(alpha_2=code)
    )
    if found is None:
        raise ValueError(f"{value!r} is not an ISO 3166 code or a listed legal jurisdiction")
    return value


def jurisdiction_country(value: str) -> str:
    """The ISO 3166-1 country a jurisdiction id belongs to ('us' for 'us-ca', 'gb' for 'gb-eaw')."""
    return value.split("-", 1)[0]


def check_currency(value: str) -> str:
    if pycountry.currencies.get(alpha_3=value) is None:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (like 'INR', 'GBP')")
    return value


def check_language(value: str) -> str:
    lookup = {2: "alpha_2", 3: "alpha_3"}.get(len(value))
    if lookup is None or value != value.lower() or pycountry.languages.get(**{lookup: value}) is None:
        raise ValueError(f"{value!r} is not an ISO 639 language code (like 'pa', 'hi', 'ur')")
    return value


JurisdictionId = Annotated[str, AfterValidator(check_jurisdiction_id)]
Currency = Annotated[str, AfterValidator(check_currency)]
Language = Annotated[str, AfterValidator(check_language)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
HTTPS_URL = re.compile(r"^https://[^\s/$.?#][^\s]*$")


def check_https_url(value: str) -> str:
    if not HTTPS_URL.match(value):
        raise ValueError("must be a full https:// URL with no spaces")
    return value


HttpsUrl = Annotated[str, StringConstraints(max_length=2000), AfterValidator(check_https_url)]

# Markup in a record is never wanted: pages escape it anyway, but a tag in a summary is a pasting mistake
# or an attack, and exported CSV/JSON goes to tools that may not escape.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")


# Control characters hide text or garble terminals; bidirectional overrides make text read differently from
# what it says. Zero-width joiners stay allowed: Indic scripts need them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def check_plain_text(value: str) -> str:
    if MARKUP.search(value):
        raise ValueError("contains HTML or other markup; write plain text")
    found = CONTROL.search(value)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X}; write plain text")
    return value


# Text that people read: trimmed, bounded so a pasted page cannot slip in as a "summary".
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), AfterValidator(check_plain_text)
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(check_plain_text)
]
