#!/usr/bin/env python3
"""Writes a catalogue the size of a large territory, from the default one: PARTNERS partners (copies of the
default partners and their services, renamed), PERMANENCES weekly permanences spread over the places and
weekdays, ten years of public holidays (the default closures) and two absences a partner a year.

    python3 Benchmarks/make_catalogue.py --partners 200 --permanences 500 --out DIR
"""
import argparse
import copy
import json
import os

DEFAULT = os.path.join(os.path.dirname(__file__), "..", "Resources", "catalogue")
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


def load(name):
    with open(os.path.join(DEFAULT, name + ".json"), encoding="utf-8") as handle:
        return json.load(handle)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, required=True)
    parser.add_argument("--permanences", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    partners = load("partners")
    base = partners["partners"]
    sites = [site["id"] for site in load("sites")["sites"]]
    made = []
    for index in range(args.partners):
        partner = copy.deepcopy(base[index % len(base)])
        suffix = "" if index < len(base) else "-%d" % index
        partner["id"] += suffix
        partner["name"] += suffix
        for service in partner["services"]:
            service["id"] += suffix
        made.append(partner)
    partners["partners"] = made
    permanences = {"permanences": []}
    for index in range(args.permanences):
        partner = made[index % len(made)]
        hour = 9 + (index // len(made)) % 3 * 3
        permanences["permanences"].append({
            "id": "p-%d" % index, "partner": partner["id"], "services": [s["id"] for s in partner["services"]],
            "site": sites[index % len(sites)],
            "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": [DAYS[index % len(DAYS)]]},
            "start": "%02d:00" % hour, "end": "%02d:00" % (hour + 3), "slotMinutes": 60, "capacity": 1,
            "validFrom": "2017-01-02", "validUntil": None})
    absences = {"absences": []}
    for index, partner in enumerate(made):
        for year in range(2017, 2027):
            for month in (3 + index % 4, 9 + index % 3):
                day = "%d-%02d-%02d" % (year, month, 10 + index % 15)
                absences["absences"].append({"partner": partner["id"], "from": day, "to": day})
    files = {"partners": partners, "permanences": permanences, "absences": absences, "sessions": {"sessions": []}}
    for name in ["sites", "quartiers", "needs", "closures", "rules", "territory"]:
        files[name] = load(name)
    for name, content in files.items():
        with open(os.path.join(args.out, name + ".json"), "w", encoding="utf-8") as handle:
            json.dump(content, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
