"""The codebook: each question the protection matrix answers, what it means, and the SQL that derives it.

One list drives the `codebook` table, the `protection_answers` and `protection_matrix` views, the canned
queries and docs/codebook.md, so the meaning and the derivation cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

# Topic groups, as SQL lists. "Image abuse" is what the project is about: the statutory civil action and
# deepfake questions ask about these, not about every privacy or data-protection remedy.
IMAGE_ABUSE = ("intimate_image_sharing", "voyeurism", "threat_to_share", "synthetic_media")
NCII = ("intimate_image_sharing",)
STALKING = ("cyberstalking", "harassment")


def has_topic(topics: tuple[str, ...]) -> str:
    listed = ",".join(f"'{t}'" for t in topics)
    return f"p.id IN (SELECT provision_id FROM provision_topics WHERE topic_id IN ({listed}))"


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    meaning: str
    derivation: str  # in words, for people
    answer_type: str  # 'yes/no/unknown' or 'number'
    yes: str  # SQL over `p` (an in-force provision in scope) that grounds 'yes' (or, for numbers, counts)
    unknown: str | None = None  # SQL: a relevant provision whose deciding field is not coded yet
    number: tuple[str, str] | None = None  # numeric questions: (aggregate, provisions column), e.g. ('max', ...)
    over_resources: bool = False  # answered from help resources, not provisions


QUESTIONS: list[Question] = [
    Question(
        "ncii_crime",
        "Is sharing intimate images without consent a crime?",
        "A criminal offence covers distributing, publishing or showing someone's intimate image without consent.",
        "yes: an in-force criminal provision on the topic intimate_image_sharing. unknown: such a provision whose "
        "liability is not coded. no: none, and research is complete.",
        "yes/no/unknown",
        yes=f"p.liability = 'criminal' AND {has_topic(NCII)}",
        unknown=f"p.liability IS NULL AND {has_topic(NCII)}",
    ),
    Question(
        "ncii_crime_without_intent",
        "Is it a crime even without proof of intent to cause harm?",
        "At least one criminal NCII offence is made out by sharing without consent, without the prosecution having "
        "to prove an intent to cause distress, harm or humiliation.",
        "yes: an in-force criminal intimate_image_sharing provision with intent_to_harm_required = 0. unknown: one "
        "with intent_to_harm_required not coded. no: every such provision requires intent (or there is none), and "
        "research is complete.",
        "yes/no/unknown",
        yes=f"p.liability = 'criminal' AND p.intent_to_harm_required = 0 AND {has_topic(NCII)}",
        unknown=f"p.liability = 'criminal' AND p.intent_to_harm_required IS NULL AND {has_topic(NCII)}",
    ),
    Question(
        "threats_covered",
        "Is threatening to share intimate images a crime?",
        "The criminal law reaches a threat to share intimate images (sextortion), either in an NCII offence or in a "
        "provision coded with the topic threat_to_share.",
        "yes: an in-force criminal provision with the topic threat_to_share, or a criminal intimate_image_sharing "
        "provision with covers_threats = 1. unknown: a criminal intimate_image_sharing provision with covers_threats "
        "not coded. no: none, and research is complete.",
        "yes/no/unknown",
        yes=(
            f"p.liability = 'criminal' AND ({has_topic(('threat_to_share',))} "
            f"OR (p.covers_threats = 1 AND {has_topic(NCII)}))"
        ),
        unknown=f"p.liability = 'criminal' AND p.covers_threats IS NULL AND {has_topic(NCII)}",
    ),
    Question(
        "synthetic_covered",
        "Are sexual deepfakes (synthetic or altered images) covered?",
        "A criminal or civil provision on image abuse expressly reaches images made or altered by software, "
        "including AI, to show a real person intimately.",
        "yes: an in-force image-abuse provision (topics intimate_image_sharing, voyeurism, threat_to_share, "
        "synthetic_media) with covers_synthetic = 1. unknown: an intimate_image_sharing provision with "
        "covers_synthetic not coded. no: none, and research is complete.",
        "yes/no/unknown",
        yes=f"p.covers_synthetic = 1 AND {has_topic(IMAGE_ABUSE)}",
        unknown=f"p.covers_synthetic IS NULL AND {has_topic(NCII)}",
    ),
    Question(
        "capture_crime",
        "Is taking or recording intimate images without consent a crime?",
        "A criminal offence covers capturing images in private (voyeurism, hidden filming, upskirting).",
        "yes: an in-force criminal provision with covers_capture = 1, or on the topic voyeurism with covers_capture "
        "not coded as 0. unknown: a voyeurism provision whose liability is not coded. no: none, and research is "
        "complete.",
        "yes/no/unknown",
        yes=(
            "p.liability = 'criminal' AND (p.covers_capture = 1 OR "
            f"(p.covers_capture IS NULL AND {has_topic(('voyeurism',))}))"
        ),
        unknown=f"p.liability IS NULL AND {has_topic(('voyeurism',))}",
    ),
    Question(
        "max_prison_months",
        "What is the longest maximum prison term for sharing intimate images (months)?",
        "The highest statutory maximum term of imprisonment, in months, among the criminal NCII offences in force "
        "(most serious mode of trial, first offence).",
        "number: the maximum of max_imprisonment_months over in-force criminal intimate_image_sharing provisions. "
        "unknown: such provisions exist but none has a term coded. no: no such offence, and research is complete.",
        "number",
        yes=f"p.liability = 'criminal' AND p.max_imprisonment_months IS NOT NULL AND {has_topic(NCII)}",
        unknown=f"p.liability = 'criminal' AND {has_topic(NCII)}",
        number=("max", "max_imprisonment_months"),
    ),
    Question(
        "civil_action",
        "Can a victim sue under a statute?",
        "A statute gives the person depicted a right to sue or claim compensation for image abuse.",
        "yes: an in-force image-abuse provision with civil_remedy = 1. unknown: a civil image-abuse provision with "
        "civil_remedy not coded. no: none, and research is complete.",
        "yes/no/unknown",
        yes=f"p.civil_remedy = 1 AND {has_topic(IMAGE_ABUSE)}",
        unknown=f"p.civil_remedy IS NULL AND p.liability = 'civil' AND {has_topic(IMAGE_ABUSE)}",
    ),
    Question(
        "takedown_order",
        "Can a court or regulator order the images taken down?",
        "A court, regulator or other authority has statutory power to order removal, deletion or blocking of "
        "intimate images.",
        "yes: an in-force provision with takedown_order = 1 on an image-abuse or platform_duty topic. unknown: a "
        "platform_duty provision with takedown_order not coded. no: none, and research is complete.",
        "yes/no/unknown",
        yes=f"p.takedown_order = 1 AND {has_topic(IMAGE_ABUSE + ('platform_duty', 'child_protection'))}",
        unknown=f"p.takedown_order IS NULL AND {has_topic(('platform_duty',))}",
    ),
    Question(
        "platform_removal_hours",
        "How many hours does a platform have to remove them?",
        "The shortest statutory deadline, in hours, for a platform to remove intimate images once notified.",
        "number: the minimum of platform_removal_hours over in-force provisions on an image-abuse or "
        "child_protection topic (a deadline for defamatory or other content does not count). unknown: none coded "
        "and research is not complete. no: no statutory deadline, and research is complete.",
        "number",
        yes=f"p.platform_removal_hours IS NOT NULL AND {has_topic(IMAGE_ABUSE + ('child_protection',))}",
        number=("min", "platform_removal_hours"),
    ),
    Question(
        "stalking_harassment_crime",
        "Is online stalking or harassment a crime?",
        "A criminal offence covers stalking or harassment, including by electronic means.",
        "yes: an in-force criminal provision on the topics cyberstalking or harassment. unknown: such a provision "
        "whose liability is not coded. no: none, and research is complete.",
        "yes/no/unknown",
        yes=f"p.liability = 'criminal' AND {has_topic(STALKING)}",
        unknown=f"p.liability IS NULL AND {has_topic(STALKING)}",
    ),
    Question(
        "data_protection_law",
        "Is there a general data-protection law?",
        "A law in force gives people rights over their personal data (such as erasure) that apply to images of them.",
        "yes: an in-force provision on the topic data_protection. no: none, and research is complete.",
        "yes/no/unknown",
        yes=has_topic(("data_protection",)),
    ),
    Question(
        "help_available",
        "Is there a helpline or reporting portal?",
        "A helpline or official reporting portal serves people in this jurisdiction.",
        "yes: a help resource of kind helpline or reporting_portal listed for the jurisdiction (or, in "
        "protection_matrix, for a jurisdiction above it). no: none listed, and research is complete.",
        "yes/no/unknown",
        yes="r.kind IN ('helpline','reporting_portal')",
        over_resources=True,
    ),
]

QUESTION_IDS = [q.id for q in QUESTIONS]


def answers_sql(scope_filter: str) -> str:
    """Long form: one row per (jurisdiction, question) with the answer and the ids that ground it.

    `scope_filter` limits jurisdiction_scope: 's.depth = 0' for a jurisdiction's own law only, '1' for all law
    that applies there (its own and its parents'). One pass finds every provision (or resource) that grounds a
    yes, or leaves a question unknown; the answers are then aggregates over each jurisdiction's scope, so the
    cost grows with the data, not with jurisdictions times questions times provisions.
    """
    candidates = []
    for q in QUESTIONS:
        if q.over_resources:
            candidates.append(
                f"SELECT r.id, r.jurisdiction_id, '{q.id}', 'yes', NULL FROM resources r WHERE {q.yes}")
            continue
        value = f"p.{q.number[1]}" if q.number else "NULL"
        candidates.append(
            f"SELECT p.id, p.jurisdiction_id, '{q.id}', 'yes', {value} FROM provisions p "
            f"WHERE p.status = 'in_force' AND {q.yes}")
        if q.unknown:
            candidates.append(
                f"SELECT p.id, p.jurisdiction_id, '{q.id}', 'unknown', NULL FROM provisions p "
                f"WHERE p.status = 'in_force' AND {q.unknown}")
    # A number question's answer is the extreme value; its grounds are the provisions that carry it.
    number = " ".join(
        f"WHEN '{q.id}' THEN {q.number[0]}(CASE WHEN kind = 'yes' THEN value END)" for q in QUESTIONS if q.number)
    return f"""WITH candidates(ground_id, law_id, question_id, kind, value) AS (
  {(chr(10) + "  UNION ALL ").join(candidates)}
),
scoped AS MATERIALIZED (
  SELECT s.jurisdiction_id, c.* FROM candidates c JOIN jurisdiction_scope s ON s.law_jurisdiction_id = c.law_id
  WHERE {scope_filter}
),
summary AS MATERIALIZED (
  SELECT jurisdiction_id, question_id, sum(kind = 'yes') AS yes_count, sum(kind = 'unknown') AS unknown_count,
    CASE question_id {number} END AS number
  FROM scoped GROUP BY jurisdiction_id, question_id
),
ground_lists AS (
  SELECT jurisdiction_id, question_id, json_group_array(ground_id) AS grounds FROM (
    SELECT x.jurisdiction_id, x.question_id, x.ground_id FROM scoped x
    JOIN summary m ON m.jurisdiction_id = x.jurisdiction_id AND m.question_id = x.question_id
    WHERE x.kind = 'yes' AND (m.number IS NULL OR x.value = m.number)
    ORDER BY x.jurisdiction_id, x.question_id, x.ground_id
  ) GROUP BY jurisdiction_id, question_id
),
incomplete AS (
  SELECT DISTINCT s.jurisdiction_id FROM jurisdiction_scope s JOIN jurisdictions k ON k.id = s.law_jurisdiction_id
  WHERE {scope_filter} AND k.research_status != 'complete'
)
SELECT j.id AS jurisdiction_id, c.id AS question_id, c.position AS position,
  CASE
    WHEN coalesce(m.yes_count, 0) > 0 THEN coalesce(m.number, 'yes')
    WHEN coalesce(m.unknown_count, 0) > 0 THEN 'unknown'
    WHEN j.id IN (SELECT jurisdiction_id FROM incomplete) THEN 'unknown'
    ELSE 'no'
  END AS answer,
  coalesce(g.grounds, '[]') AS grounds
FROM jurisdictions j CROSS JOIN codebook c
LEFT JOIN summary m ON m.jurisdiction_id = j.id AND m.question_id = c.id
LEFT JOIN ground_lists g ON g.jurisdiction_id = j.id AND g.question_id = c.id
ORDER BY j.id, c.position"""


def matrix_sql(answers_view: str) -> str:
    """Wide form: one row per jurisdiction, a column per question and a `<question>_grounds` column beside it."""
    columns = []
    for q in QUESTIONS:
        columns.append(f"max(CASE WHEN a.question_id = '{q.id}' THEN a.answer END) AS {q.id}")
        columns.append(f"max(CASE WHEN a.question_id = '{q.id}' THEN a.grounds END) AS {q.id}_grounds")
    return (
        "SELECT j.id AS jurisdiction_id, j.name AS jurisdiction_name, j.research_status, j.research_as_of,\n  "
        + ",\n  ".join(columns)
        + f"\nFROM jurisdictions j JOIN {answers_view} a ON a.jurisdiction_id = j.id\nGROUP BY j.id ORDER BY j.id"
    )


# The questions a "first law" timeline tracks: when a jurisdiction's own law first answered them yes.
MILESTONES = ["ncii_crime", "threats_covered", "synthetic_covered", "capture_crime", "civil_action",
              "stalking_harassment_crime"]


def firsts_sql() -> str:
    """For each jurisdiction and milestone question, the earliest provision of its own law that grounds a yes,
    whatever its status now (a repealed first law still marks the year the place first acted).

    The date is the provision's enacted_on where recorded, else its enacted_year (first_on is then just the
    year, e.g. '2015', which sorts before any date in 2015), else its in_force_on; `dated_by` says which.
    Jurisdictions with no such provision get no row.
    """
    parts = []
    for q in QUESTIONS:
        if q.id not in MILESTONES:
            continue
        parts.append(
            f"SELECT '{q.id}' AS question_id, p.jurisdiction_id, p.id AS provision_id, "
            "coalesce(p.enacted_on, CAST(p.enacted_year AS TEXT), p.in_force_on) AS first_on, "
            "CASE WHEN p.enacted_on IS NOT NULL THEN 'enacted_on' WHEN p.enacted_year IS NOT NULL THEN 'enacted_year' "
            "WHEN p.in_force_on IS NOT NULL THEN 'in_force_on' END AS dated_by FROM provisions p "
            f"WHERE p.status != 'not_yet_in_force' AND {q.yes}"
        )
    candidates = "\nUNION ALL\n".join(parts)
    # One row per (jurisdiction, question): the dated candidate with the earliest date (undated last, then by id).
    return (
        "SELECT jurisdiction_id, question_id, first_on, CAST(substr(first_on, 1, 4) AS INTEGER) AS first_year, "
        "provision_id, dated_by FROM (SELECT c.*, row_number() OVER (PARTITION BY jurisdiction_id, question_id "
        "ORDER BY first_on IS NULL, first_on, provision_id) AS rank FROM (" + candidates + ") c) WHERE rank = 1 "
        "ORDER BY jurisdiction_id, question_id"
    )
