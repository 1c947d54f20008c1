package io.stockpipe.scheduler.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.stockpipe.errors.BadInputException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code stockpipe.yaml}. Every refusal is one line {@code FILE:LINE: KEY: WHAT}: unknown
 * keys (a misspelt key would otherwise be a default nobody chose), values of the wrong type, and
 * values the sections refuse. Thread-safe: it holds no state.
 */
public final class ConfigFile {
  /** The file's name in {@code $STOCKPIPE_HOME}. */
  public static final String FILE_NAME = "stockpipe.yaml";

  /** Where {@link StockpipeConfig#fromFile} finds the directory relative paths start from. */
  static final String BASE_DIRECTORY = "stockpipe.config.base-directory";

  /**
   * A key given twice is refused rather than the last one winning. {@code key:} with nothing after
   * it is null: the key at its default. Only {@code true} and {@code false} are booleans, as in
   * YAML 1.2; YAML 1.1's {@code yes}, {@code no}, {@code on} and {@code off} are text, refused
   * where a boolean belongs, so that no reader of the file takes them for what they are not.
   */
  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
          .build();

  // 1.5 for a whole number is a mistake to name, not a value to round.
  private static final ObjectReader READER =
      YAMLMapper.builder(YAML)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build()
          .readerFor(StockpipeConfig.class);

  private ConfigFile() {}

  /** {@code FILE_NAME} in {@code home}. */
  public static Path defaultPath(Path home) {
    return home.resolve(FILE_NAME);
  }

  /** The file at {@code file}, which must exist. */
  public static StockpipeConfig read(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new BadInputException("config file " + absolute + " does not exist");
    }
    String text;
    try {
      text = Files.readString(absolute);
    } catch (MalformedInputException e) {
      throw new BadInputException(absolute + ": not a UTF-8 text file");
    } catch (IOException e) {
      throw new BadInputException("cannot read config file " + absolute + ": " + e, e);
    }
    return parse(text, absolute);
  }

  /** The file at {@code file} if it exists, else every default (a home without the file). */
  public static LoadedConfig readIfPresent(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return Files.exists(absolute)
        ? new LoadedConfig(absolute, true, read(absolute))
        : new LoadedConfig(absolute, false, StockpipeConfig.defaults());
  }

  /** {@code file}'s {@code text}; {@code file} names it in messages and anchors relative paths. */
  static StockpipeConfig parse(String text, Path file) {
    Map<String, Integer> keyLines = keyLines(text, file);
    if (keyLines.isEmpty()) {
      return StockpipeConfig.defaults(); // empty, or only comments
    }
    try {
      StockpipeConfig config =
          READER
              .with(new InjectableValues.Std().addValue(BASE_DIRECTORY, file.getParent()))
              .readValue(text);
      return config == null ? StockpipeConfig.defaults() : config;
    } catch (JsonProcessingException e) {
      throw refusal(e, keyLines, file);
    }
  }

  /**
   * The line of each key and list item, by its path ({@code sources[1].name}). Jackson places some
   * errors at the end of the section that holds the key, and a section refuses a value after all of
   * its keys are read; this is how every message still names the key's own line. Syntax errors and
   * keys given twice are refused here.
   */
  private static Map<String, Integer> keyLines(String text, Path file) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.createParser(text)) {
      while (parser.nextToken() != null) {
        lines.putIfAbsent(
            path(parser.getParsingContext()), parser.currentTokenLocation().getLineNr());
      }
      return lines;
    } catch (JsonParseException e) {
      if (e.getCause() instanceof MarkedYAMLException yaml) {
        int line =
            yaml.getProblemMark() == null
                ? line(e.getLocation())
                : yaml.getProblemMark().getLine() + 1;
        throw new BadInputException(
            file
                + ":"
                + line
                + ": not valid YAML: "
                + (yaml.getContext() == null ? "" : yaml.getContext() + ", ")
                + yaml.getProblem(),
            e);
      }
      String key = e.getProcessor() == null ? "" : path(e.getProcessor().getParsingContext());
      String what =
          e.getOriginalMessage().startsWith("Duplicate field")
              ? "is given twice"
              : e.getOriginalMessage();
      throw new BadInputException(
          file + ":" + line(e.getLocation()) + ": " + prefix(key) + what, e);
    } catch (IOException e) {
      throw new BadInputException("cannot read config file " + file + ": " + e, e);
    }
  }

  private static BadInputException refusal(
      JsonProcessingException e, Map<String, Integer> keyLines, Path file) {
    String key = e instanceof JsonMappingException mapping ? path(mapping) : "";
    String what;
    InvalidSettingException invalid = invalidSetting(e);
    if (invalid != null) {
      key = join(key, invalid.key());
      what = invalid.problem();
    } else if (e instanceof UnrecognizedPropertyException unknown) {
      what = "unknown key (known here: " + names(unknown.getKnownPropertyIds()) + ")";
    } else if (e instanceof InvalidFormatException format) {
      what = "'" + format.getValue() + "' is not " + expected(format.getTargetType());
    } else if (e instanceof MismatchedInputException mismatch) {
      what = "expected " + expected(mismatch.getTargetType());
    } else if (e.getCause() instanceof BadInputException bad) {
      what = bad.getMessage();
    } else {
      what = e.getOriginalMessage();
    }
    return new BadInputException(
        file + ":" + lineOf(key, keyLines, e.getLocation()) + ": " + prefix(key) + what, e);
  }

  private static InvalidSettingException invalidSetting(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidSettingException invalid) {
        return invalid;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** The line of {@code key}, or of the nearest section around it that the file has. */
  private static int lineOf(String key, Map<String, Integer> keyLines, JsonLocation fallback) {
    for (String candidate = key; !candidate.isEmpty(); candidate = parent(candidate)) {
      Integer line = keyLines.get(candidate);
      if (line != null) {
        return line;
      }
    }
    return line(fallback);
  }

  private static String parent(String key) {
    int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    return cut < 0 ? "" : key.substring(0, cut);
  }

  private static int line(JsonLocation location) {
    return location == null ? 1 : Math.max(1, location.getLineNr());
  }

  /** {@code child} inside {@code parent}: {@code schedule} and {@code time_zone}. */
  static String join(String parent, String child) {
    if (parent.isEmpty()) {
      return child;
    }
    if (child.isEmpty()) {
      return parent;
    }
    return parent + (child.startsWith("[") ? "" : ".") + child;
  }

  private static String prefix(String key) {
    return key.isEmpty() ? "" : key + ": ";
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String path(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.addFirst(c.getCurrentName());
      } else if (c.inArray() && c.hasCurrentIndex()) {
        parts.addFirst("[" + c.getCurrentIndex() + "]");
      }
    }
    String path = "";
    for (String part : parts) {
      path = join(path, part);
    }
    return path;
  }

  private static String names(Collection<Object> names) {
    return names.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == String.class) {
      return "text";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list ([a, b], or one '- item' a line)";
    }
    return "a section of 'key: value' lines";
  }
}
