package ledger.load.template;

/** One lexeme of an action; for strings the text is already unquoted, for fields and variables the name. */
record Token(Tokens.Kind kind, String text) {
}
