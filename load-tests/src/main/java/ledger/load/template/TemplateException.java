package ledger.load.template;

/** A template that cannot be parsed, or a function that cannot run on its arguments. */
public final class TemplateException extends RuntimeException {

  public TemplateException(String message) {
    super(message);
  }
}
