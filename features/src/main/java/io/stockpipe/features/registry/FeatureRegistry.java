package io.stockpipe.features.registry;

import io.stockpipe.errors.BadInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The feature set: base series and features in a fixed order (the order of the stored array), with
 * a version that changes whenever any definition does.
 *
 * <p>Windows count trading rows that exist for the symbol, not calendar days: a holiday or a
 * missing bar is simply not a row, so "20 rows" after a gap reaches further back in time.
 */
public final class FeatureRegistry {
  /** The first feature set: returns, trend, candles, volume; 35 features. */
  public static final FeatureRegistry V1 = new FeatureRegistry("v1", BaseSeries.ALL, concat());

  /**
   * V1's features, unchanged and first, then the Alpha158 operator families V1 lacks at windows 5,
   * 10, 20, 30 and 60, and the returns against the equal-weight market of the date.
   */
  public static final FeatureRegistry V2 = new FeatureRegistry("v2", BaseSeries.ALL_V2, concatV2());

  /** What a build without {@code --feature-set} writes. */
  public static final FeatureRegistry DEFAULT = V1;

  /** Every feature set this code can build, oldest first. */
  public static final List<FeatureRegistry> ALL = List.of(V1, V2);

  private final String name;
  private final List<SeriesDefinition> series;
  private final List<FeatureDefinition> features;
  private final String hash;

  public FeatureRegistry(
      String name, List<SeriesDefinition> series, List<FeatureDefinition> features) {
    FeatureDefinition.requireName(name);
    this.name = name;
    this.series = List.copyOf(series);
    this.features = List.copyOf(features);
    Set<String> names = new HashSet<>();
    for (SeriesDefinition definition : this.series) {
      requireUnique(names, definition.name());
    }
    for (FeatureDefinition definition : this.features) {
      requireUnique(names, definition.name());
    }
    if (this.features.isEmpty()) {
      throw new IllegalArgumentException("feature set " + name + " has no features");
    }
    this.hash = sha256(canonicalText());
  }

  private static List<FeatureDefinition> concat() {
    List<FeatureDefinition> all = new ArrayList<>();
    all.addAll(ReturnFeatures.all());
    all.addAll(TrendFeatures.all());
    all.addAll(CandleFeatures.all());
    all.addAll(VolumeFeatures.all());
    return all;
  }

  private static List<FeatureDefinition> concatV2() {
    List<FeatureDefinition> all = concat();
    all.addAll(PriceWindowFeatures.all());
    all.addAll(VolumeWindowFeatures.all());
    all.addAll(MarketFeatures.all());
    return all;
  }

  /** The feature set called {@code name} ({@code v1}, {@code v2}). */
  public static FeatureRegistry named(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return ALL.stream()
        .filter(registry -> registry.name.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    "unknown feature set '"
                        + name
                        + "': choose one of "
                        + ALL.stream().map(FeatureRegistry::name).toList()));
  }

  /**
   * The feature set that wrote {@code version} ({@code v2-<hash>}, with or without a normalisation
   * suffix), or empty when this code has no registry of that hash: a stored set of older code,
   * which can be read but not rebuilt.
   */
  public static Optional<FeatureRegistry> ofVersion(String version) {
    if (version == null) {
      return Optional.empty();
    }
    return ALL.stream()
        .filter(
            registry ->
                version.equals(registry.version()) || version.startsWith(registry.version() + "-"))
        .findFirst();
  }

  private static void requireUnique(Set<String> names, String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("two features or series are called " + name);
    }
  }

  public String name() {
    return name;
  }

  public List<SeriesDefinition> series() {
    return series;
  }

  public List<FeatureDefinition> features() {
    return features;
  }

  public List<String> featureNames() {
    return features.stream().map(FeatureDefinition::name).toList();
  }

  /**
   * Whether a series reads the equal-weight market return ({@link MarketReturn}), which the build
   * then reads from PostgreSQL beside the bars.
   */
  public boolean readsMarket() {
    return series.stream().anyMatch(s -> s.name().equals(BaseSeries.MARKET_RETURN.name()));
  }

  /** The longest history any feature reads, in trading rows, current row included. */
  public int maxWindowRows() {
    return features.stream().mapToInt(FeatureDefinition::windowRows).max().orElseThrow();
  }

  /** SHA-256 (hex) of every definition, SQL included: a changed formula is a new feature set. */
  public String hash() {
    return hash;
  }

  /** Short name and the first 12 hex digits of the hash, e.g. {@code v1-3f9a0c21b7de}. */
  public String version() {
    return name + "-" + hash.substring(0, 12);
  }

  /** One line per series and feature: what the hash covers and what is stored with the set. */
  public String canonicalText() {
    StringBuilder text = new StringBuilder("feature set ").append(name).append('\n');
    text.append("ema truncation: dropped weight ").append(Ema.DROPPED_WEIGHT).append('\n');
    for (SeriesDefinition definition : series) {
      text.append("series ")
          .append(definition.name())
          .append(" | ")
          .append(definition.formula())
          .append(" | ")
          .append(definition.sql())
          .append('\n');
    }
    for (FeatureDefinition definition : features) {
      text.append("feature ").append(definition.canonicalText()).append('\n');
    }
    return text.toString();
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
