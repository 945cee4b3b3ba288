package io.gridata.testkit.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Produces the rows of one file, with defects injected, from a seeded random source. */
final class RowGenerator {
  static final DateTimeFormatter ISO_WITH_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  static final DateTimeFormatter UTC_LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private static final List<ZoneOffset> OFFSETS =
      List.of(
          ZoneOffset.UTC,
          ZoneOffset.ofHours(2),
          ZoneOffset.ofHours(-5),
          ZoneOffset.ofHoursMinutes(5, 30));
  private static final List<String> BAD_TIMESTAMPS =
      List.of(
          "not-a-timestamp",
          "31/12/2026 10:15",
          "yesterday",
          "N/A",
          "1700000000000x",
          "2026.11.01 at noon");
  private static final List<String> STATUSES =
      List.of("PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED");
  private static final List<String> CURRENCIES = List.of("USD", "USD", "USD", "EUR", "GBP");
  private static final List<String> PAYMENT_METHODS =
      List.of("card", "paypal", "bank_transfer", "gift_card");
  private static final List<String> CHANNELS = List.of("web", "mobile", "marketplace");
  private static final List<BigDecimal> SHIPPING =
      List.of(new BigDecimal("0.00"), new BigDecimal("4.99"), new BigDecimal("9.99"));
  private static final List<String> FIRST_NAMES =
      List.of(
          "Ada",
          "Grace",
          "Alan",
          "Edsger",
          "Barbara",
          "Donald",
          "Margaret",
          "Linus",
          "Ken",
          "Frances",
          "John",
          "Radia",
          "Tim",
          "Sophie",
          "Niklaus",
          "Hedy",
          "Dennis",
          "Katherine");
  private static final List<String> LAST_NAMES =
      List.of(
          "Lovelace",
          "Hopper",
          "Turing",
          "Dijkstra",
          "Liskov",
          "Knuth",
          "Hamilton",
          "O'Neil",
          "Thompson",
          "Allen",
          "McCarthy",
          "Perlman",
          "Berners-Lee",
          "Wilson",
          "Wirth",
          "Lamarr");
  private static final List<String[]> PLACES =
      List.of(
          new String[] {"US", "New York"},
          new String[] {"US", "Austin"},
          new String[] {"DE", "Berlin"},
          new String[] {"FR", "Paris"},
          new String[] {"GB", "London"},
          new String[] {"ES", "Barcelona"},
          new String[] {"JP", "Tokyo"},
          new String[] {"BR", "São Paulo"});
  private static final List<String> DEVICES = List.of("desktop", "mobile", "tablet");
  private static final List<String> REFERRERS =
      List.of("https://www.google.com/", "https://www.facebook.com/", "newsletter");
  private static final List<String> LANDING_PAGES =
      List.of(
          "https://shop.example.com/",
          "https://shop.example.com/category/shoes",
          "https://shop.example.com/search?q=lamp,desk");

  /** A row being generated: its values in column order and the defect it carries, if any. */
  static final class GenRow {
    final Object[] values;
    RowDefect defect;

    GenRow(Object[] values) {
      this.values = values;
    }
  }

  /** The rows of a file in file order and the injected row defects. */
  record Result(List<Object[]> rows, List<InjectedDefect> defects) {}

  private final SplittableRandom random;
  private final FileSpec spec;
  private final int customerPool;
  private final String tag;
  private final String day;

  RowGenerator(SplittableRandom random, FileSpec spec, int customerPool, String tag) {
    this.random = random;
    this.spec = spec;
    this.customerPool = customerPool;
    this.tag = tag;
    this.day = DateTimeFormatter.BASIC_ISO_DATE.format(spec.date());
  }

  Result generate() {
    List<GenRow> rows =
        switch (spec.dataset()) {
          case ORDERS -> orders();
          case CUSTOMERS -> customers();
          case CLICKSTREAM -> clickstream();
        };
    int[] order = shuffledIndexes(rows.size());
    int next = 0;
    Map<RowDefect, List<GenRow>> chosen = new EnumMap<>(RowDefect.class);
    for (RowDefect defect : RowDefect.values()) {
      List<GenRow> affected = new ArrayList<>();
      for (int k = 0; k < spec.count(defect); k++) {
        affected.add(rows.get(order[next++]));
      }
      chosen.put(defect, affected);
    }
    List<GenRow> duplicates = new ArrayList<>();
    for (Map.Entry<RowDefect, List<GenRow>> e : chosen.entrySet()) {
      List<GenRow> affected = e.getValue();
      for (int k = 0; k < affected.size(); k++) {
        GenRow row = affected.get(k);
        if (e.getKey() == RowDefect.DUPLICATE_ORDER_ID) {
          GenRow copy = laterCopy(row);
          copy.defect = RowDefect.DUPLICATE_ORDER_ID;
          duplicates.add(copy);
        } else {
          inject(row, e.getKey(), k);
        }
      }
    }
    List<GenRow> all = new ArrayList<>(rows);
    for (GenRow copy : duplicates) {
      all.add(random.nextInt(all.size() + 1), copy);
    }
    Map<GenRow, Integer> position = new IdentityHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      position.put(all.get(i), i);
    }
    List<InjectedDefect> defects = new ArrayList<>();
    for (RowDefect defect : RowDefect.values()) {
      List<GenRow> affected =
          defect == RowDefect.DUPLICATE_ORDER_ID ? duplicates : chosen.get(defect);
      if (affected.isEmpty()) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      List<Integer> indexes = new ArrayList<>();
      for (GenRow row : affected) {
        ids.add((String) row.values[0]);
        indexes.add(position.get(row));
      }
      defects.add(new InjectedDefect(defect, ids, indexes));
    }
    return new Result(all.stream().map(r -> r.values).toList(), defects);
  }

  private void inject(GenRow row, RowDefect defect, int occurrence) {
    row.defect = defect;
    Object[] v = row.values;
    switch (defect) {
      case BAD_TIMESTAMP -> v[timestampIndex()] = pick(BAD_TIMESTAMPS);
      case NEGATIVE_QUANTITY -> v[5] = -random.nextInt(5); // 0..-4: quantity < 1
      case NEGATIVE_PRICE -> v[6] = cents(-random.nextInt(1, 10_000));
      case NULL_REQUIRED_FIELD -> {
        if (spec.dataset() == RawDataset.ORDERS && occurrence % 2 == 0) {
          v[1] = null; // customer_id
        } else {
          v[0] = null; // order_id, customer_id or event_id
        }
      }
      case DUPLICATE_ORDER_ID -> throw new IllegalStateException("duplicates are copies");
    }
  }

  private int timestampIndex() {
    return spec.dataset().columnNames().indexOf(spec.dataset().timestampColumn());
  }

  private GenRow laterCopy(GenRow original) {
    Object[] v = original.values.clone();
    Instant originalTs = parseGenerated((String) v[2]);
    v[2] = formatTimestamp(originalTs.plusSeconds(random.nextInt(1, 3_601)), random.nextInt(3));
    String status = (String) v[3];
    v[3] = sameCase(status, nextStatus(status.toUpperCase(Locale.ROOT)));
    return new GenRow(v);
  }

  private List<GenRow> orders() {
    List<GenRow> rows = new ArrayList<>(spec.rows());
    int formatOffset = random.nextInt(3);
    for (int i = 0; i < spec.rows(); i++) {
      int quantity = random.nextInt(1, 6);
      BigDecimal unitPrice = cents(random.nextInt(100, 50_001));
      BigDecimal subtotal = unitPrice.multiply(BigDecimal.valueOf(quantity));
      BigDecimal discount =
          chance(0.2)
              ? null
              : chance(0.5)
                  ? cents(0)
                  : subtotal
                      .multiply(BigDecimal.valueOf(random.nextInt(1, 11), 2))
                      .setScale(2, RoundingMode.HALF_UP);
      BigDecimal tax =
          chance(0.15)
              ? null
              : subtotal.multiply(new BigDecimal("0.08")).setScale(2, RoundingMode.HALF_UP);
      rows.add(
          new GenRow(
              new Object[] {
                String.format(Locale.ROOT, "ORD-%s-%s-%05d", day, tag, i + 1),
                randomCustomer(),
                formatTimestamp(randomInstantOfDay(), (i + formatOffset) % 3),
                mixedCase(pick(STATUSES)),
                String.format(Locale.ROOT, "PROD-%04d", random.nextInt(1, 201)),
                quantity,
                unitPrice,
                discount,
                tax,
                chance(0.15) ? null : pick(SHIPPING),
                chance(0.15) ? null : pick(CURRENCIES),
                chance(0.1) ? null : pick(PAYMENT_METHODS),
                chance(0.1) ? null : pick(CHANNELS)
              }));
    }
    return rows;
  }

  private List<GenRow> customers() {
    List<GenRow> rows = new ArrayList<>(spec.rows());
    int formatOffset = random.nextInt(3);
    Instant dayStart = spec.date().atStartOfDay(ZoneOffset.UTC).toInstant();
    for (int i = 0; i < spec.rows(); i++) {
      String first = pick(FIRST_NAMES);
      String last = pick(LAST_NAMES);
      String[] place = pick(PLACES);
      String email =
          (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "")
              + (i + 1)
              + "@example.com";
      Instant signup = dayStart.minusSeconds(random.nextLong(60, 3L * 365 * 86_400));
      rows.add(
          new GenRow(
              new Object[] {
                customerId(i + 1),
                email,
                first,
                last,
                formatTimestamp(signup, (i + formatOffset) % 3),
                place[0],
                chance(0.05) ? null : place[1]
              }));
    }
    return rows;
  }

  private List<GenRow> clickstream() {
    List<GenRow> rows = new ArrayList<>(spec.rows());
    int session = 0;
    while (rows.size() < spec.rows()) {
      session++;
      String customer = chance(0.3) ? null : randomCustomer();
      String sessionId =
          chance(0.15) ? null : String.format(Locale.ROOT, "SES-%s-%s-%04d", day, tag, session);
      String device = pick(DEVICES);
      Instant ts = randomInstantOfDay();
      int events = random.nextInt(1, 9);
      for (int e = 0; e < events && rows.size() < spec.rows(); e++) {
        String type = e == 0 ? "page_view" : clickType();
        String product =
            type.equals("page_view")
                ? null
                : String.format(Locale.ROOT, "PROD-%04d", random.nextInt(1, 201));
        String url =
            switch (type) {
              case "page_view" -> pick(LANDING_PAGES);
              case "checkout" -> "https://shop.example.com/checkout";
              case "purchase" -> "https://shop.example.com/checkout/complete";
              default -> "https://shop.example.com/products/" + product;
            };
        rows.add(
            new GenRow(
                new Object[] {
                  String.format(Locale.ROOT, "EVT-%s-%s-%05d", day, tag, rows.size() + 1),
                  customer,
                  sessionId,
                  formatTimestamp(ts, random.nextInt(3)),
                  type,
                  url,
                  product,
                  device,
                  e == 0 && !chance(0.4) ? pick(REFERRERS) : null
                }));
        ts = ts.plusSeconds(random.nextInt(5, 301));
      }
    }
    return rows;
  }

  private String clickType() {
    int p = random.nextInt(100);
    if (p < 45) {
      return "product_view";
    } else if (p < 70) {
      return "page_view";
    } else if (p < 85) {
      return "add_to_cart";
    } else if (p < 93) {
      return "checkout";
    }
    return "purchase";
  }

  static String customerId(int n) {
    return String.format(Locale.ROOT, "CUST-%05d", n);
  }

  private String randomCustomer() {
    return customerId(random.nextInt(1, customerPool + 1));
  }

  private Instant randomInstantOfDay() {
    return spec.date().atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
  }

  /** Style 0: ISO-8601 with offset; 1: {@code yyyy-MM-dd HH:mm:ss} in UTC; 2: epoch millis. */
  private String formatTimestamp(Instant instant, int style) {
    return switch (style) {
      case 0 -> ISO_WITH_OFFSET.format(instant.atOffset(pick(OFFSETS)));
      case 1 -> UTC_LOCAL.format(instant.atOffset(ZoneOffset.UTC));
      default -> Long.toString(instant.toEpochMilli());
    };
  }

  static Instant parseGenerated(String ts) {
    if (ts.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochMilli(Long.parseLong(ts));
    } else if (ts.indexOf('T') > 0) {
      return java.time.OffsetDateTime.parse(ts, ISO_WITH_OFFSET).toInstant();
    }
    return java.time.LocalDateTime.parse(ts, UTC_LOCAL).toInstant(ZoneOffset.UTC);
  }

  private String mixedCase(String status) {
    return switch (random.nextInt(3)) {
      case 0 -> status;
      case 1 -> status.toLowerCase(Locale.ROOT);
      default -> status.charAt(0) + status.substring(1).toLowerCase(Locale.ROOT);
    };
  }

  private static String sameCase(String model, String status) {
    if (model.equals(model.toUpperCase(Locale.ROOT))) {
      return status;
    } else if (model.equals(model.toLowerCase(Locale.ROOT))) {
      return status.toLowerCase(Locale.ROOT);
    }
    return status.charAt(0) + status.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String nextStatus(String status) {
    return switch (status) {
      case "PENDING" -> "PAID";
      case "PAID" -> "SHIPPED";
      case "SHIPPED" -> "DELIVERED";
      case "DELIVERED" -> "RETURNED";
      default -> status;
    };
  }

  private int[] shuffledIndexes(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static BigDecimal cents(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }
}
