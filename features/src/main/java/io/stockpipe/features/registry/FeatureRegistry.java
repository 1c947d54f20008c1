package io.stockpipe.features.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The feature set: base series and features in a fixed order (the order of the stored array), with
 * a version that changes whenever any definition does.
 *
 * <p>Windows count trading rows that exist for the symbol, not calendar days: a holiday or a
 * missing bar is simply not a row, so "20 rows" after a gap reaches further back in time.
 */
public final class FeatureRegistry {
  /** The current feature set. */
  public static final FeatureRegistry V1 = new FeatureRegistry("v1", BaseSeries.ALL, concat());

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
