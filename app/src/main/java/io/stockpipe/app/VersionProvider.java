package io.stockpipe.app;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into the jar's manifest ("dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
  public static String version() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"stockpipe " + version(), "Java " + System.getProperty("java.version")};
  }
}
