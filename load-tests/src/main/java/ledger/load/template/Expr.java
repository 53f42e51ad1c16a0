package ledger.load.template;

import java.util.ArrayList;
import java.util.List;

/** An expression inside a template action, already checked against the functions and fields it names. */
sealed interface Expr {

  Object eval(Scope scope);

  /** True when it names no call data, variable or random function, so it renders the same every time. */
  boolean constant();

  record Literal(Object value) implements Expr {
    public Object eval(Scope scope) {
      return value;
    }

    public boolean constant() {
      return true;
    }
  }

  record Field(String name) implements Expr {
    public Field {
      if (!CallData.FIELDS.contains(name)) {
        throw new TemplateException("unknown call data field ." + name + "; known: " + CallData.FIELDS);
      }
    }

    public Object eval(Scope scope) {
      return scope.data().field(name);
    }

    public boolean constant() {
      return false;
    }
  }

  record Var(String name) implements Expr {
    public Object eval(Scope scope) {
      return scope.variable(name);
    }

    public boolean constant() {
      return false;
    }
  }

  record Call(TemplateFunctions.Function function, List<Expr> args) implements Expr {
    public Call {
      args = List.copyOf(args);
      int n = args.size();
      if (n < function.minArgs() || (function.maxArgs() >= 0 && n > function.maxArgs())) {
        String wanted = function.maxArgs() < 0 ? "at least " + function.minArgs()
            : function.minArgs() == function.maxArgs() ? String.valueOf(function.minArgs())
            : function.minArgs() + " to " + function.maxArgs();
        throw new TemplateException(function.name() + " takes " + wanted + " argument(s), got " + n);
      }
    }

    public Object eval(Scope scope) {
      List<Object> values = new ArrayList<>(args.size());
      for (Expr arg : args) {
        values.add(arg.eval(scope));
      }
      return function.apply(values, scope.random());
    }

    public boolean constant() {
      return false;
    }
  }
}
