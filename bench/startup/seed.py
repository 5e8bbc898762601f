#!/usr/bin/env python3
"""Seeds a Billkeep data directory with N links and M monthly bills per link, straight into SQLite.

The directory must already hold a database (created by `billkeep-cli links`). The links carry no
access token, so the app's start-up sync marks them "needs relink" without any network call: what
is measured is opening, loading and painting this much data. Bills are monthly, the newest due next
month, amounts with a season and a little noise, so forecasts and flags have work to do.
"""
import datetime
import json
import math
import sqlite3
import sys
import time

data_dir, links, per_link = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(f"{data_dir}/billkeep.db")
now = int(time.time())
today = datetime.date.today()


def month_back(n):
    """The 15th of the month n months before next month."""
    index = today.year * 12 + today.month - n  # next month is index + 1 - 1
    return datetime.date(index // 12, index % 12 + 1, 15)


with db:
    for i in range(links):
        cur = db.execute(
            "INSERT INTO links (environment, origin, link_id, biller_id, biller_name, account_mask, account_name,"
            " consents, status, created_at, updated_at, last_synced_at, last_checked_at, remote_synced_at)"
            " VALUES ('embedded', 'embedded', ?, 'test_electric_company', 'Test Electric Company', ?, 'Primary',"
            " 'bills', 'ok', ?, ?, ?, ?, ?)",
            # As a real sync leaves them: synced and checked a while ago, BillerAPI's data older.
            (f"link_bench_{i:04d}", f"****{i:04d}", now - 30 * 86400, now - 3 * 3600, now - 3 * 3600,
             now - 3600, now - 5 * 3600),
        )
        row = cur.lastrowid
        for j in range(per_link):
            due = month_back(per_link - 1 - j)
            season = 1.0 + 0.25 * math.cos((due.month - 1) / 12 * 2 * math.pi)
            usage = int(8000 * season * (1 + ((i * 7 + j * 13) % 9 - 4) / 100))
            items = json.dumps([{"description": "Electric usage", "amount": usage}, {"description": "Distribution charge", "amount": 1200}])
            db.execute(
                "INSERT INTO bills (link_row, bill_id, biller_id, biller_name, account_number, amount, currency, due_date,"
                " status, statement_date, description, auto_pay, line_items, fetched_at)"
                " VALUES (?, ?, 'test_electric_company', 'Test Electric Company', ?, ?, 'USD', ?, ?, ?, ?, 0, ?, ?)",
                (row, f"bill_{i:04d}_{j:03d}", f"****{i:04d}", usage + 1200, due.isoformat(),
                 "PAID" if j < per_link - 1 else "PENDING", (due - datetime.timedelta(days=21)).isoformat(),
                 f"Statement {j + 1}", items, now),
            )
print(f"seeded {links} links and {links * per_link} bills into {data_dir}")
