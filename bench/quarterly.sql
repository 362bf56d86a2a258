-- The reference for `signalgap stats`: a day-weighted apportionment of each
-- online flow over the calendar quarters it overlaps, grouped by quarter,
-- platform and measure. Quarters come from a recursive CTE and are joined by
-- quarter-index range. It sums each figure's lower bound (the value of an
-- exact or "more than" figure, the low of a range or a bounded "about"),
-- which signalgap reports as the low of each quarterly total.
.mode csv
.headers on
-- The quarters, from a recursive CTE, are kept in a table keyed by quarter
-- index so that the range join is an index range scan.
CREATE TEMP TABLE span (idx INTEGER PRIMARY KEY, first_day INTEGER, last_day INTEGER);
WITH RECURSIVE
bounds AS (
    SELECT min(CAST(substr(window_start, 1, 4) AS INTEGER) * 4 + (CAST(substr(window_start, 6, 2) AS INTEGER) - 1) / 3) AS first_quarter,
        max(CAST(substr(window_end, 1, 4) AS INTEGER) * 4 + (CAST(substr(window_end, 6, 2) AS INTEGER) - 1) / 3) AS last_quarter
    FROM observation WHERE side = 'online' AND kind = 'flow'
),
quarter(idx) AS (
    SELECT first_quarter FROM bounds
    UNION ALL
    SELECT idx + 1 FROM quarter WHERE idx < (SELECT last_quarter FROM bounds)
)
INSERT INTO span
SELECT idx,
    CAST(julianday(printf('%04d-%02d-01', idx / 4, (idx % 4) * 3 + 1)) - 2440587.5 AS INTEGER),
    CAST(julianday(printf('%04d-%02d-01', idx / 4, (idx % 4) * 3 + 1), '+3 months') - 2440587.5 AS INTEGER) - 1
FROM quarter;
WITH flow AS (
    SELECT subject, measure, start_day, end_day,
        CASE qualifier WHEN 'range' THEN low WHEN 'about' THEN coalesce(low, value) ELSE value END AS low_bound,
        CAST(substr(window_start, 1, 4) AS INTEGER) * 4 + (CAST(substr(window_start, 6, 2) AS INTEGER) - 1) / 3 AS first_quarter,
        CAST(substr(window_end, 1, 4) AS INTEGER) * 4 + (CAST(substr(window_end, 6, 2) AS INTEGER) - 1) / 3 AS last_quarter
    FROM observation
    WHERE side = 'online' AND kind = 'flow'
)
SELECT printf('%dQ%d', span.idx / 4, span.idx % 4 + 1) AS quarter, flow.subject AS platform, flow.measure,
    round(sum(flow.low_bound * (min(flow.end_day, span.last_day) - max(flow.start_day, span.first_day) + 1) * 1.0
        / (flow.end_day - flow.start_day + 1)), 4) AS low
-- CROSS JOIN keeps the flows as the outer loop: each flow finds its quarters by
-- an index range scan on span.
FROM flow CROSS JOIN span ON span.idx BETWEEN flow.first_quarter AND flow.last_quarter
GROUP BY span.idx, flow.subject, flow.measure
ORDER BY span.idx, flow.subject, flow.measure;
