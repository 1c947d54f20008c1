/**
 * Exchange trading calendars: which dates an exchange trades, by its holiday rules (XNYS) plus the
 * overrides in market_holiday, and counting in trading days rather than weekdays.
 */
package io.stockpipe.calendar;
