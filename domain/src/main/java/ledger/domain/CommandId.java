package ledger.domain;

/** 1 to 128 characters of {@code [A-Za-z0-9._:-]}; names one execution of a command. */
public record CommandId(String value) {

  public CommandId {
    if (!IdChars.valid(value, 128)) {
      throw new InvalidInputException(Reason.INVALID_COMMAND_ID,
          "command_id must be 1-128 characters of [A-Za-z0-9._:-], got " + Quote.of(value));
    }
  }

  public static CommandId of(String value) {
    return new CommandId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
