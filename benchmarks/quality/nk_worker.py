"""Score query/candidate pairs with nomenklatura's logic-v2. Runs in /tmp/nkvenv, not the project.

    /tmp/nkvenv/bin/python benchmarks/quality/nk_worker.py in.jsonl out.jsonl

Each input line: {"qid", "query": {...}, "candidates": [{...}, ...]} where an entity is
{"id", "schema", "names", "birth_dates", "nationality", "gender"}. Each output line:
{"qid", "scores": [[candidate id, score], ...]}. Imports only the standard library and
nomenklatura/followthemoney, so it never touches the project's packages.
"""

from __future__ import annotations

import json
import sys

from followthemoney import model
from nomenklatura.matching import LogicV2
from nomenklatura.matching.types import ScoringConfig


def make(data: dict, entity_id: str):  # -> followthemoney EntityProxy
    entity = model.make_entity(data["schema"])
    entity.id = entity_id
    entity.add("name", data["names"])
    if data["schema"] == "Person":
        entity.add("birthDate", data.get("birth_dates") or [])
        if data.get("gender"):
            entity.add("gender", data["gender"])
        if data.get("nationality"):
            entity.add("nationality", data["nationality"].lower())
    elif data.get("nationality"):
        entity.add("country", data["nationality"].lower())
    return entity


def main(src: str, dst: str) -> None:
    config = ScoringConfig.defaults()
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
        for line in fin:
            row = json.loads(line)
            # LogicV2 caches per entity id: every query needs its own.
            query = make(row["query"], f"query:{row['qid']}")
            scores = []
            for cand in row["candidates"]:
                try:
                    score = LogicV2.compare(query, make(cand, cand["id"]), config).score
                except Exception as exc:  # a pair logic-v2 cannot compare scores 0
                    print(f"{row['qid']} {cand['id']}: {exc!r}", file=sys.stderr)
                    score = 0.0
                scores.append([cand["id"], float(score)])
            fout.write(json.dumps({"qid": row["qid"], "scores": scores}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
