package dev.greenlight.worker;

/** Configuration that cannot be used, with a one-line reason fit for a person. */
public class ConfigurationException extends RuntimeException {

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
