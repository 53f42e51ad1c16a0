package ledger.load.template;

/** One piece of a parsed template: literal text, an action that prints, or a variable declaration. */
sealed interface Node {

  void render(Scope scope, StringBuilder out);

  boolean constant();

  record Text(String text) implements Node {
    public void render(Scope scope, StringBuilder out) {
      out.append(text);
    }

    public boolean constant() {
      return true;
    }
  }

  record Print(Expr expr) implements Node {
    public void render(Scope scope, StringBuilder out) {
      out.append(TemplateFunctions.text(expr.eval(scope)));
    }

    public boolean constant() {
      return expr.constant();
    }
  }

  record Declare(String variable, Expr expr) implements Node {
    public void render(Scope scope, StringBuilder out) {
      scope.declare(variable, expr.eval(scope));
    }

    public boolean constant() {
      return false;
    }
  }
}
