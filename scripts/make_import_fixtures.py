#!/usr/bin/env python3
"""Write the import test fixtures in tests/data/import/ (and the hostile ones in
tests/data/bad_inputs/import/) the way planners' tools write them, with writers independent of
paiban: openpyxl (.xlsx), xlwt (.xls), a hand-built OpenDocument zip (.ods), Python's GBK and
UTF-16 codecs (.csv), and a discrete-event simulation of an M/M/n+M queue for the per-contact
export and the interval report's service levels (so the importer's patience estimate and the
model comparison are checked against a known truth).

Run in a throwaway venv:  python3 -m venv /tmp/v && /tmp/v/bin/pip install openpyxl xlwt
                          /tmp/v/bin/python scripts/make_import_fixtures.py
Deterministic (seeded); the committed files are its output.
"""
import datetime as dt
import heapq
import io
import math
import os
import random
import zipfile

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "tests", "data", "import")
BAD = os.path.join(ROOT, "tests", "data", "bad_inputs", "import")
os.makedirs(OUT, exist_ok=True)
os.makedirs(BAD, exist_ok=True)


def simulate(rng, lam_per_s, aht, patience, agents, seconds, warmup=1800.0):
    """FIFO M/M/n+M for `seconds` after a warm-up; returns (arrival, wait, answered, handle,
    agent index) of the contacts arriving after the warm-up."""
    t = 0.0
    free = list(range(agents))
    busy = []  # (end time, agent)
    queue = []  # (arrival, patience deadline, id)
    out = []
    next_arrival = rng.expovariate(lam_per_s)
    horizon = warmup + seconds
    records = {}
    cid = 0
    while True:
        next_end = busy[0][0] if busy else math.inf
        if next_arrival <= next_end and next_arrival < horizon:
            t = next_arrival
            deadline = t + rng.expovariate(1.0 / patience)
            records[cid] = [t, None, False, 0.0, None]
            queue.append((t, deadline, cid))
            cid += 1
            next_arrival = t + rng.expovariate(lam_per_s)
        elif next_end < math.inf:
            t, agent = heapq.heappop(busy)
            free.append(agent)
        else:
            break
        # Drop the impatient, then serve from the head of the queue.
        kept = []
        for a, d, i in queue:
            if d <= t and records[i][1] is None:
                records[i][1] = d - a
            else:
                kept.append((a, d, i))
        queue = kept
        while free and queue:
            a, d, i = queue.pop(0)
            free.sort()
            agent = free.pop(0)
            h = rng.expovariate(1.0 / aht)
            records[i][1:5] = [t - a, True, h, agent]
            heapq.heappush(busy, (t + h, agent))
    for i, (a, w, ans, h, ag) in sorted(records.items()):
        if a >= warmup:
            out.append((a - warmup, w if w is not None else 0.0, ans, h, ag))
    return out


def gbk_csv():
    rng = random.Random(19)
    lines = ["时间,呼入量,平均处理时长"]
    start = dt.datetime(2024, 1, 1)
    for k in range(14 * 48):
        t = start + dt.timedelta(minutes=30 * k)
        h = t.hour + t.minute / 60
        open_ = 8 <= h < 21
        base = 40 * math.sin(math.pi * (h - 8) / 13) + 10 if open_ else 0
        if t.weekday() >= 5:
            base *= 0.6
        v = max(0, round(base * (0.9 + 0.2 * rng.random())))
        aht = f"{round(180 + 40 * rng.random())}" if v else ""
        lines.append(f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d},{v},{aht}")
    with open(os.path.join(OUT, "hotline_gbk.csv"), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("gbk"))


def two_queues_xlsx():
    import openpyxl
    rng = random.Random(7)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "话务"
    ws.append(["2024年1月 分技能组话务报表"])
    ws.append([])
    ws.append(["日期", "时段", "技能组", "呼入量", "接通量", "放弃量", "20秒接通量", "平均通话时长(秒)", "坐席数"])
    queues = [("售前", 180.0, 1.0), ("售后", 120.0, 0.7)]
    for day in range(7):
        date = dt.date(2024, 1, 1) + dt.timedelta(days=day)
        for q, patience, scale in queues:
            first = True
            for slot in range(16, 44):  # 08:00-22:00
                h = slot / 2
                lam = scale * (60 * math.sin(math.pi * (h - 8) / 14) + 15)
                vol_rate = lam / 1800.0
                aht = 200.0
                load = vol_rate * aht
                # Effective agents near 80/20; the report shows them as logged in / 0.85.
                eff = max(1, round(load + 0.8 * math.sqrt(load)))
                logged = max(eff, round(eff / 0.85))
                recs = simulate(rng, vol_rate, aht, patience, eff, 1800.0)
                offered = len(recs)
                answered = sum(1 for r in recs if r[2])
                abandoned = offered - answered
                in20 = sum(1 for r in recs if r[2] and r[1] <= 20)
                handles = [r[3] for r in recs if r[2]]
                mean_h = round(sum(handles) / len(handles), 1) if handles else None
                s = f"{slot // 2:02d}:{30 * (slot % 2):02d}"
                e = f"{(slot + 1) // 2:02d}:{30 * ((slot + 1) % 2):02d}"
                ws.append([date if first else None, f"{s}-{e}", q, offered, answered, abandoned, in20, mean_h, logged])
                if first:
                    ws.cell(row=ws.max_row, column=1).number_format = "yyyy/m/d"
                first = False
    ws.append(["合计", None, None, "=SUM(D4:D395)"])
    ws.freeze_panes = "A4"
    s2 = wb.create_sheet("说明")
    s2.append(["本表由话务系统导出", "每 30 分钟一行"])
    s2.append(["导出时间", dt.datetime(2024, 1, 8, 9, 0)])
    wb.properties.created = dt.datetime(2024, 1, 8, 9, 0)
    wb.properties.modified = dt.datetime(2024, 1, 8, 9, 0)
    wb.save(os.path.join(OUT, "two_queues.xlsx"))


def contacts_csv():
    rng = random.Random(11)
    rows = ["来电时间,技能组,排队时长,结果,通话时长,坐席工号"]
    recs_all = []
    for day in range(3):
        d0 = dt.datetime(2024, 1, 1 + day, 9, 0)
        for q, patience, lam_h, agents in [("售后", 120.0, 90.0, 5), ("售前", 240.0, 60.0, 4)]:
            for hour in range(9):
                recs = simulate(rng, lam_h / 3600.0, 180.0, patience, agents, 3600.0)
                for a, w, ans, h, ag in recs:
                    t = d0 + dt.timedelta(hours=hour, seconds=a)
                    recs_all.append((t, q, w, ans, h, ag))
    recs_all.sort(key=lambda r: r[0])
    for t, q, w, ans, h, ag in recs_all:
        ws = round(w)
        wait = f"{ws // 3600:02d}:{ws % 3600 // 60:02d}:{ws % 60:02d}" if rng.random() < 0.5 else f"{ws}"
        hold = f"{round(h)}" if ans else "0"
        agent = f"{'A' if q == '售后' else 'B'}{ag + 1:02d}" if ans else ""
        rows.append(f"{t:%Y-%m-%d %H:%M:%S},{q},{wait},{'接通' if ans else '放弃'},{hold},{agent}")
    with open(os.path.join(OUT, "contacts.csv"), "wb") as f:
        f.write(("\ufeff" + "\n".join(rows) + "\n").encode("utf-8"))


def xls_file():
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    date_fmt = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    time_fmt = xlwt.easyxf(num_format_str="hh:mm")
    for c, h in enumerate(["日期", "时间", "来电量"]):
        ws.write(0, c, h)
    r = 1
    for day in range(2):
        for slot in range(24):
            ws.write(r, 0, dt.datetime(2024, 3, 4 + day), date_fmt)
            ws.write(r, 1, dt.time(slot, 0), time_fmt)
            ws.write(r, 2, 5 + (slot * 7 + day) % 13)
            r += 1
    wb.save(os.path.join(OUT, "hotline.xls"))


def ods_file():
    rows = []
    for day in range(2):
        for slot in range(48):
            t = dt.datetime(2024, 5, 6 + day) + dt.timedelta(minutes=30 * slot)
            rows.append((t, (slot * 5 + day * 3) % 17))
    cells = ['<table:table-row><table:table-cell office:value-type="string"><text:p>开始时间</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>会话量</text:p></table:table-cell></table:table-row>']
    for t, v in rows:
        cells.append(f'<table:table-row><table:table-cell office:value-type="date" office:date-value="{t:%Y-%m-%dT%H:%M:%S}"><text:p>{t:%Y-%m-%d %H:%M}</text:p></table:table-cell>'
                     f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell></table:table-row>')
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="在线客服">' + "".join(cells) + '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    path = os.path.join(OUT, "chat.ods")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        for name, body in [("content.xml", content), ("META-INF/manifest.xml", manifest)]:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)


def us_utf16():
    lines = ["Interval Start\tCalls Offered\tAHT"]
    for k in range(2 * 24):
        t = dt.datetime(2024, 1, 13) + dt.timedelta(minutes=60 * k)
        h12 = t.hour % 12 or 12
        lines.append(f"{t.month}/{t.day}/{t.year} {h12}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}\t{(k * 7) % 23}\t{200 + k}")
    with open(os.path.join(OUT, "us_unicode.txt"), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("utf-16"))  # BOM + little-endian


def bad_files():
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "话务"
    ws.append(["日期", "时段", "呼入量"])
    ws.append([dt.date(2024, 1, 1), "09:00-09:30", 5])
    ws.append([dt.date(2024, 1, 1), "09:30-10:00", 6])
    ws.append(["2024/13/45", "10:00-10:30", 7])
    ws["A2"].number_format = "yyyy-mm-dd"
    ws["A3"].number_format = "yyyy-mm-dd"
    wb.save(os.path.join(BAD, "bad_date.xlsx"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["时间", "呼入量"])
    ws.append([dt.datetime(2024, 1, 1, 9), 5])
    ws.append([dt.datetime(2024, 1, 1, 9, 30), "十二"])
    wb.save(os.path.join(BAD, "text_volume.xlsx"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "时段", "呼入量"])
    ws.append(["2024-01-01", "09:00-09:45", 5])
    ws.append(["2024-01-01", "09:45-10:30", 5])
    wb.save(os.path.join(BAD, "range_45min.xlsx"))
    with open(os.path.join(OUT, "two_queues.xlsx"), "rb") as f:
        data = f.read()
    with open(os.path.join(BAD, "truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(BAD, "gbk_bad_volume.csv"), "wb") as f:
        f.write("时间,呼入量\r\n2024/1/1 9:00,12\r\n2024/1/1 9:30,十二\r\n".encode("gbk"))
    with open(os.path.join(BAD, "contacts_bad_outcome.csv"), "wb") as f:
        f.write("来电时间,排队时长,结果,通话时长\n2024-01-01 09:00:01,5,接通,100\n2024-01-01 09:40:00,7,香蕉,0\n".encode("utf-8"))
    with open(os.path.join(BAD, "unclosed_quote.csv"), "wb") as f:
        f.write(b'timestamp,volume\n2024-01-01 09:00,"4\n2024-01-01 09:30,5\n')
    with open(os.path.join(BAD, "totals_row.csv"), "wb") as f:
        f.write("日期,时段,呼入量\n2024/1/1,09:00-09:30,3\n2024/1/1,09:30-10:00,4\n合计,,7\n".encode("utf-8"))
    wb = openpyxl.Workbook()
    wb.active.title = "空"
    wb.save(os.path.join(BAD, "empty_sheet.xlsx"))


if __name__ == "__main__":
    gbk_csv()
    two_queues_xlsx()
    contacts_csv()
    xls_file()
    ods_file()
    us_utf16()
    bad_files()
    for d in (OUT, BAD):
        for n in sorted(os.listdir(d)):
            print(os.path.join(os.path.relpath(d, ROOT), n), os.path.getsize(os.path.join(d, n)))
