-- The exchange calendar's exceptions. The regular holidays of XNYS are rules in code
-- (io.stockpipe.calendar.TradingCalendar); what no rule can know lives here: closures decreed for
-- one day (a national day of mourning, a storm) and, the other way, a rules holiday on which the
-- exchange opened anyway. Flyway owns this schema; never edit a landed migration.
CREATE TABLE market_holiday (
    exchange  text    NOT NULL CHECK (exchange <> ''),
    date      date    NOT NULL,
    name      text    NOT NULL CHECK (name <> ''),
    closed    boolean NOT NULL DEFAULT true,
    PRIMARY KEY (exchange, date)
);
COMMENT ON TABLE market_holiday IS 'Overrides of the trading calendar per exchange, applied on top of its rules (XNYS: NYSE holidays and weekends; any other exchange: weekends only).';
COMMENT ON COLUMN market_holiday.exchange IS 'ISO 10383 market identifier code, e.g. XNYS (the default calendar).';
COMMENT ON COLUMN market_holiday.date IS 'The day overridden.';
COMMENT ON COLUMN market_holiday.name IS 'Why: the closure or the opening, for people and error messages.';
COMMENT ON COLUMN market_holiday.closed IS 'true: the exchange is closed that day although the rules say open (an extra closure); false: it is open although the rules say closed (a holiday or weekend on which it traded).';

-- NYSE's unscheduled full-day closures since 1998, the first year of the rules in code (MLK Day).
-- A later one is a row an operator adds when the exchange announces it.
INSERT INTO market_holiday (exchange, date, name) VALUES
    ('XNYS', DATE '2001-09-11', 'September 11 attacks'),
    ('XNYS', DATE '2001-09-12', 'September 11 attacks'),
    ('XNYS', DATE '2001-09-13', 'September 11 attacks'),
    ('XNYS', DATE '2001-09-14', 'September 11 attacks'),
    ('XNYS', DATE '2004-06-11', 'National Day of Mourning for President Ronald Reagan'),
    ('XNYS', DATE '2007-01-02', 'National Day of Mourning for President Gerald Ford'),
    ('XNYS', DATE '2012-10-29', 'Hurricane Sandy'),
    ('XNYS', DATE '2012-10-30', 'Hurricane Sandy'),
    ('XNYS', DATE '2018-12-05', 'National Day of Mourning for President George H. W. Bush'),
    ('XNYS', DATE '2025-01-09', 'National Day of Mourning for President Jimmy Carter');

-- target_date now counts the exchange's trading days (model: Predictions).
COMMENT ON COLUMN prediction.target_date IS 'as_of_date plus the label horizon in trading days of the XNYS calendar (its rules and market_holiday); rows written before migration 10 counted weekdays.';
