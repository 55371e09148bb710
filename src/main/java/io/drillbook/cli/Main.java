package io.drillbook.cli;

import io.drillbook.app.Drillbook;
import io.drillbook.app.InputException;
import io.drillbook.config.ConfigException;
import io.drillbook.time.Timing;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point: builds the command tree with injected collaborators and maps every outcome to an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = execute(new Drillbook(Timing.system(), System.getenv()), new Terminal(out, err), args);
    System.exit(code);
  }

  /** Runs the CLI with the given collaborators; tests call this directly. */
  static int execute(Drillbook drillbook, Terminal terminal, String... args) {
    CommandLine cli = commandLine(drillbook, terminal);
    return cli.execute(args);
  }

  static CommandLine commandLine(Drillbook drillbook, Terminal terminal) {
    CommandLine cli = new CommandLine(DrillbookCommand.class, new Factory(drillbook, terminal));
    cli.setOut(terminal.out());
    cli.setErr(terminal.err());
    cli.setCaseInsensitiveEnumValuesAllowed(false);
    cli.setParameterExceptionHandler((ex, args) -> {
      terminal.err().println("drillbook: " + ex.getMessage());
      terminal.err().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      terminal.err().flush();
      return ExitCodes.BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean trace = false;
      for (var pr = parseResult; pr != null; pr = pr.subcommand()) {
        trace |= pr.hasMatchedOption("--stacktrace");
      }
      terminal.err().println("drillbook: " + oneLine(ex));
      if (trace) {
        ex.printStackTrace(terminal.err());
      }
      terminal.err().flush();
      return exitCodeOf(ex);
    });
    return cli;
  }

  /** Bad input is the caller's to fix (2); anything else means the drill could not be judged (3). */
  static int exitCodeOf(Throwable ex) {
    return ex instanceof ConfigException || ex instanceof UsageException || ex instanceof InputException
        ? ExitCodes.BAD_INPUT : ExitCodes.NOT_JUDGED;
  }

  private static String oneLine(Throwable ex) {
    String message = ex.getMessage();
    if (ex instanceof ConfigException || ex instanceof UsageException || ex instanceof InputException
        || ex instanceof io.drillbook.drill.InfrastructureException) {
      return Text.printable(message);
    }
    return "internal error: " + ex.getClass().getSimpleName() + (message == null ? "" : ": " + Text.printable(message))
        + " (rerun with --stacktrace for details)";
  }

  /** Lets commands take their collaborators through constructors. */
  private record Factory(Drillbook drillbook, Terminal terminal) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        Class<?>[] types = c.getParameterTypes();
        if (types.length == 2 && types[0] == Drillbook.class && types[1] == Terminal.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(drillbook, terminal));
        }
        if (types.length == 1 && types[0] == Terminal.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(terminal));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
