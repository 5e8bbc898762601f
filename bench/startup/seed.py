#!/usr/bin/env python3
"""Seeds a Billkeep data directory with N links and M bills per link, straight into SQLite.

The directory must already hold a database (created by `billkeep-cli links`). The links carry no
access token, so the app's start-up sync marks them "needs relink" without any network call: what
is measured is opening, loading and painting this much data.
"""
import json
import sqlite3
import sys
import time

data_dir, links, per_link = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(f"{data_dir}/billkeep.db")
now = int(time.time())
with db:
    for i in range(links):
        cur = db.execute(
            "INSERT INTO links (environment, link_id, biller_id, biller_name, account_mask, account_name, consents,"
            " status, created_at, updated_at, last_synced_at) VALUES ('embedded', ?, 'test_electric_company',"
            " 'Test Electric Company', ?, 'Primary', 'bills', 'ok', ?, ?, ?)",
            (f"link_bench_{i:04d}", f"****{i:04d}", now, now, now),
        )
        row = cur.lastrowid
        items = json.dumps([{"description": "Electric usage", "amount": 9000}, {"description": "State tax", "amount": 450}])
        for j in range(per_link):
            month = (j % 12) + 1
            year = 2020 + j // 12
            db.execute(
                "INSERT INTO bills (link_row, bill_id, biller_id, biller_name, account_number, amount, currency, due_date,"
                " status, statement_date, description, auto_pay, line_items, fetched_at)"
                " VALUES (?, ?, 'test_electric_company', 'Test Electric Company', ?, 9450, 'USD', ?, ?, ?, ?, 0, ?, ?)",
                (row, f"bill_{i:04d}_{j:03d}", f"****{i:04d}", f"{year}-{month:02d}-15", "PAID" if j < per_link - 1 else "PENDING",
                 f"{year}-{month:02d}-01", f"Statement {j + 1}", items, now),
            )
print(f"seeded {links} links and {links * per_link} bills into {data_dir}")
