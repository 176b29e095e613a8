"""Which web sites count as official sources of legislation (for `kind: primary`).

A primary source is the official legislation site or gazette: a government, legislature, parliament or
official law-revision publisher. Legal information institutes and other faithful copies (LII, Justia, CanLII,
AustLII, LawPhil...) are valuable for reading the text, but they are secondary. A primary source on a site not
recognised here is reported as a warning, so a new official site can be added to this list deliberately.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

OFFICIAL_HOST = re.compile(
    r"""(
      \.gov$ | \.gov\.[a-z]{2}$ | \.gov\.[a-z]{2}\.[a-z]{2}$ | \.gc\.ca$ | \.gouv\.qc\.ca$ | \.govt\.nz$
    | (^|\.)europa\.eu$ | \.nic\.in$ | \.state\.[a-z]{2}\.us$ | (^|\.)legislation\. | legislature | (^|\.)leg\.
    | (^|\.)parl\.ca$ | parliament\. | lawreform\.ie$ | irishstatutebook\.ie$ | ^laws\.sg$ | kenyalaw\.org$
    | (^|\.)(revisor|legis|njleg|nysenate|dccouncil|malegislature|mgaleg|flsenate|scstatehouse|sdlegislature|wyoleg
      |azleg|oregonlegislature|ncleg|ndlegis|oscn|oksenate|nmonesource|rilegislature|akleg|arkleg|ksrevisor
      |legisquebec|nslegislature|nunavutlegislation|legvi|guamcourts|cnmilaw)\.
    | (^|\.)(ontario|alberta|princeedwardisland|gnb|yukon|saskatchewan|gov\.bc)\.ca$ | assembly\.nl\.ca$
    | (^|\.)senate\.mn$ | capitol\.(texas|hawaii|tn)\.gov$ | ^codes\.ohio\.gov$
    | officialgazette | egazette | pakistancode | punjablaws | bdlaws | uaelegislation | ^lom\.agc | ^sso\.agc
    )""",
    re.X,
)


def is_official(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return bool(OFFICIAL_HOST.search(host))
