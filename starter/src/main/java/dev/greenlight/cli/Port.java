package dev.greenlight.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A port option: a number from 0 (any free port) to 65535, or a one-line usage error (exit 2). */
class Port implements ITypeConverter<Integer> {

  @Override
  public Integer convert(String value) {
    int port;
    try {
      port = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a port (0 to 65535)");
    }
    if (port < 0 || port > 65535) {
      throw new TypeConversionException(port + " is not a port (0 to 65535)");
    }
    return port;
  }
}
