package io.gridata.testkit.data;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A multi-day drop: {@code days} days of orders, {@code ordersFilesPerDay} files per day in
 * rotating formats, plus (optionally) one customers file and one clickstream file per day. Row
 * defects are totals for the whole drop, spread round-robin over the orders files that have no file
 * defect; file defects are numbers of orders files, taken from the end of the drop (CORRUPT PARQUET
 * only from Parquet files). Build one with {@link #builder(LocalDate)}; {@link #files(int)} lists
 * the resulting specs, {@link RawDataGenerator#writeDrop(RawTarget, DropPlan)} writes them.
 *
 * <p>File names: {@code orders-<yyyyMMdd>-<NNN>.<ext>}, {@code customers-<yyyyMMdd>-001.csv} (on
 * the start date, one row per customer of the pool, so every referenced customer exists), {@code
 * clickstream-<yyyyMMdd>-001.json}.
 *
 * @param dropId name of the drop (manifest key {@code manifests/ecommerce/<dropId>.json})
 * @param startDate first day
 * @param days number of days, at least 1
 * @param ordersFilesPerDay orders files per day, at least 1
 * @param ordersRowsPerFile base rows per orders file, at least 1
 * @param formats formats in rotation over the orders files (file i gets formats[i % size])
 * @param rowDefects total row defects over the drop's orders files
 * @param fileDefects number of orders files per file defect
 * @param includeCustomers whether to write a customers file with the whole customer pool
 * @param clickstreamEventsPerDay events per day in one JSON file; 0 for none
 */
public record DropPlan(
    String dropId,
    LocalDate startDate,
    int days,
    int ordersFilesPerDay,
    int ordersRowsPerFile,
    List<FileFormat> formats,
    Map<RowDefect, Integer> rowDefects,
    Map<FileDefect, Integer> fileDefects,
    boolean includeCustomers,
    int clickstreamEventsPerDay) {

  /** Validates the plan (the full feasibility check happens in {@link #files(int)}). */
  public DropPlan {
    requireNonNull(dropId, "dropId is null");
    requireNonNull(startDate, "startDate is null");
    if (dropId.isEmpty() || dropId.contains("/")) {
      throw new IllegalArgumentException("Cannot plan drop: invalid drop id '" + dropId + "'");
    }
    if (days < 1 || ordersFilesPerDay < 1 || ordersRowsPerFile < 1 || clickstreamEventsPerDay < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot plan drop %s: days (%d), ordersFilesPerDay (%d), ordersRowsPerFile (%d) must"
                  + " be >= 1 and clickstreamEventsPerDay (%d) >= 0",
              dropId, days, ordersFilesPerDay, ordersRowsPerFile, clickstreamEventsPerDay));
    }
    formats = List.copyOf(requireNonNull(formats, "formats is null"));
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("Cannot plan drop " + dropId + ": no formats");
    }
    EnumMap<RowDefect, Integer> rows = new EnumMap<>(RowDefect.class);
    rows.putAll(requireNonNull(rowDefects, "rowDefects is null"));
    rowDefects = Collections.unmodifiableMap(rows);
    EnumMap<FileDefect, Integer> files = new EnumMap<>(FileDefect.class);
    files.putAll(requireNonNull(fileDefects, "fileDefects is null"));
    fileDefects = Collections.unmodifiableMap(files);
  }

  /**
   * A builder for a drop starting on {@code startDate}: id {@code drop-<yyyyMMdd>}, 1 day, 3 orders
   * files of 100 rows in CSV, JSON, Parquet, no defects, customers included, 200 clickstream events
   * per day.
   */
  public static Builder builder(LocalDate startDate) {
    return new Builder(startDate);
  }

  /**
   * The file specs of this drop, in write order: customers first, then per day the orders files and
   * the clickstream file.
   *
   * @param customerPool number of customers (rows of the customers file)
   * @throws IllegalArgumentException when the defects do not fit in the files
   */
  public List<FileSpec> files(int customerPool) {
    int ordersFiles = days * ordersFilesPerDay;
    FileFormat[] format = new FileFormat[ordersFiles];
    for (int i = 0; i < ordersFiles; i++) {
      format[i] = formats.get(i % formats.size());
    }
    FileDefect[] fileDefect = new FileDefect[ordersFiles];
    for (Map.Entry<FileDefect, Integer> e : fileDefects.entrySet()) {
      int needed = e.getValue();
      for (int i = ordersFiles - 1; i >= 0 && needed > 0; i--) {
        boolean fits = e.getKey() != FileDefect.CORRUPT_PARQUET || format[i] == FileFormat.PARQUET;
        if (fileDefect[i] == null && fits) {
          fileDefect[i] = e.getKey();
          needed--;
        }
      }
      if (needed > 0) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot plan drop %s: %d more orders files needed for %s; add days, files per"
                    + " day or (for CORRUPT_PARQUET) the PARQUET format",
                dropId, needed, e.getKey()));
      }
    }
    List<Integer> eligible = new ArrayList<>();
    for (int i = 0; i < ordersFiles; i++) {
      if (fileDefect[i] == null) {
        eligible.add(i);
      }
    }
    List<EnumMap<RowDefect, Integer>> perFile = new ArrayList<>();
    int[] used = new int[ordersFiles];
    for (int i = 0; i < ordersFiles; i++) {
      perFile.add(new EnumMap<>(RowDefect.class));
    }
    for (Map.Entry<RowDefect, Integer> e : rowDefects.entrySet()) {
      int cursor = e.getKey().ordinal();
      for (int n = 0; n < e.getValue(); n++) {
        int placed = -1;
        for (int attempt = 0; attempt < eligible.size() && placed < 0; attempt++) {
          int file = eligible.get((cursor + attempt) % eligible.size());
          if (used[file] < ordersRowsPerFile) {
            placed = file;
            cursor += attempt + 1;
          }
        }
        if (placed < 0) {
          throw new IllegalArgumentException(
              String.format(
                  "Cannot plan drop %s: %s x%d do not fit in %d clean orders files of %d rows",
                  dropId, e.getKey(), e.getValue(), eligible.size(), ordersRowsPerFile));
        }
        used[placed]++;
        perFile.get(placed).merge(e.getKey(), 1, Integer::sum);
      }
    }

    List<FileSpec> specs = new ArrayList<>();
    if (includeCustomers) {
      specs.add(
          FileSpec.builder(RawDataset.CUSTOMERS, startDate)
              .rows(customerPool)
              .format(FileFormat.CSV)
              .build());
    }
    for (int d = 0; d < days; d++) {
      LocalDate date = startDate.plusDays(d);
      String day = DateTimeFormatter.BASIC_ISO_DATE.format(date);
      for (int f = 0; f < ordersFilesPerDay; f++) {
        int i = d * ordersFilesPerDay + f;
        FileSpec.Builder spec =
            FileSpec.builder(RawDataset.ORDERS, date)
                .format(format[i])
                .rows(ordersRowsPerFile)
                .fileName(
                    String.format(
                        Locale.ROOT, "orders-%s-%03d.%s", day, f + 1, format[i].extension()))
                .fileDefect(fileDefect[i]);
        perFile.get(i).forEach(spec::rowDefect);
        specs.add(spec.build());
      }
      if (clickstreamEventsPerDay > 0) {
        specs.add(
            FileSpec.builder(RawDataset.CLICKSTREAM, date)
                .format(FileFormat.JSON)
                .rows(clickstreamEventsPerDay)
                .build());
      }
    }
    return specs;
  }

  /** Builder of {@link DropPlan}. */
  public static final class Builder {
    private final LocalDate startDate;
    private String dropId;
    private int days = 1;
    private int ordersFilesPerDay = 3;
    private int ordersRowsPerFile = 100;
    private List<FileFormat> formats = List.of(FileFormat.CSV, FileFormat.JSON, FileFormat.PARQUET);
    private final EnumMap<RowDefect, Integer> rowDefects = new EnumMap<>(RowDefect.class);
    private final EnumMap<FileDefect, Integer> fileDefects = new EnumMap<>(FileDefect.class);
    private boolean includeCustomers = true;
    private int clickstreamEventsPerDay = 200;

    private Builder(LocalDate startDate) {
      this.startDate = requireNonNull(startDate, "startDate is null");
    }

    /** Drop id; {@code drop-<yyyyMMdd of start>} by default. */
    public Builder dropId(String newDropId) {
      this.dropId = requireNonNull(newDropId, "dropId is null");
      return this;
    }

    /** Number of days; 1 by default. */
    public Builder days(int newDays) {
      this.days = newDays;
      return this;
    }

    /** Orders files per day; 3 by default. */
    public Builder ordersFilesPerDay(int files) {
      this.ordersFilesPerDay = files;
      return this;
    }

    /** Base rows per orders file; 100 by default. */
    public Builder ordersRowsPerFile(int rows) {
      this.ordersRowsPerFile = rows;
      return this;
    }

    /** Formats in rotation over the orders files; CSV, JSON, PARQUET by default. */
    public Builder formats(FileFormat... newFormats) {
      this.formats = List.of(newFormats);
      return this;
    }

    /** {@code total} rows with {@code defect} over the drop's orders files. */
    public Builder rowDefect(RowDefect defect, int total) {
      rowDefects.put(requireNonNull(defect, "defect is null"), total);
      return this;
    }

    /** {@code files} orders files with {@code defect}. */
    public Builder fileDefect(FileDefect defect, int files) {
      fileDefects.put(requireNonNull(defect, "defect is null"), files);
      return this;
    }

    /** Whether to write the customers file; true by default. */
    public Builder includeCustomers(boolean include) {
      this.includeCustomers = include;
      return this;
    }

    /** Clickstream events per day (one JSON file per day); 200 by default, 0 for none. */
    public Builder clickstreamEventsPerDay(int events) {
      this.clickstreamEventsPerDay = events;
      return this;
    }

    /** Builds the plan. */
    public DropPlan build() {
      String id =
          dropId != null ? dropId : "drop-" + DateTimeFormatter.BASIC_ISO_DATE.format(startDate);
      return new DropPlan(
          id,
          startDate,
          days,
          ordersFilesPerDay,
          ordersRowsPerFile,
          formats,
          rowDefects,
          fileDefects,
          includeCustomers,
          clickstreamEventsPerDay);
    }
  }
}
