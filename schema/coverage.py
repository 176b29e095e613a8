"""The jurisdictions the knowledge base has committed to cover, wave by wave. A test fails if any is missing."""

from __future__ import annotations

SOUTH_ASIA = ["in", "in-pb", "pk", "pk-pb", "pk-sd", "pk-kp", "pk-ba", "pk-is", "bd", "np", "lk", "bt", "mv", "af"]
UNITED_KINGDOM_AND_IRELAND = ["gb", "gb-eaw", "gb-sct", "gb-nir", "ie"]
CANADA = ["ca", "ca-ab", "ca-bc", "ca-mb", "ca-nb", "ca-nl", "ca-ns", "ca-nt", "ca-nu", "ca-on", "ca-pe", "ca-qc",
          "ca-sk", "ca-yt"]
AUSTRALIA_AND_NEW_ZEALAND = ["au", "au-act", "au-nsw", "au-nt", "au-qld", "au-sa", "au-tas", "au-vic", "au-wa", "nz"]
COMMONWEALTH_AND_GULF = ["sg", "my", "ph", "za", "ke", "ng", "gh", "ae"]
US_STATES = [
    "us-al", "us-ak", "us-az", "us-ar", "us-ca", "us-co", "us-ct", "us-de", "us-fl", "us-ga", "us-hi", "us-id",
    "us-il", "us-in", "us-ia", "us-ks", "us-ky", "us-la", "us-me", "us-md", "us-ma", "us-mi", "us-mn", "us-ms",
    "us-mo", "us-mt", "us-ne", "us-nv", "us-nh", "us-nj", "us-nm", "us-ny", "us-nc", "us-nd", "us-oh", "us-ok",
    "us-or", "us-pa", "us-ri", "us-sc", "us-sd", "us-tn", "us-tx", "us-ut", "us-vt", "us-va", "us-wa", "us-wv",
    "us-wi", "us-wy",
]
US_DC_AND_TERRITORIES = ["us-dc", "us-pr", "us-gu", "us-vi", "us-as", "us-mp"]

WAVES: dict[str, list[str]] = {
    "South Asia, the UK and the Commonwealth diaspora": (
        SOUTH_ASIA + UNITED_KINGDOM_AND_IRELAND + CANADA + AUSTRALIA_AND_NEW_ZEALAND + COMMONWEALTH_AND_GULF
    ),
    "The United States: federal law, the 50 states, DC and the territories": ["us"] + US_STATES + US_DC_AND_TERRITORIES,
}
