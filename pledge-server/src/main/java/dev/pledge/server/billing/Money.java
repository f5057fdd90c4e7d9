package dev.pledge.server.billing;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Amounts in a currency's minor unit, written as the reader's language writes money. */
final class Money {

  private Money() {}

  static String format(long minorUnits, String currency, Locale locale) {
    Currency c = Currency.getInstance(currency);
    int digits = Math.max(c.getDefaultFractionDigits(), 0);
    NumberFormat f = NumberFormat.getCurrencyInstance(locale);
    f.setCurrency(c);
    f.setMinimumFractionDigits(digits);
    f.setMaximumFractionDigits(digits);
    return f.format(BigDecimal.valueOf(minorUnits, digits));
  }
}
