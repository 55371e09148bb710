package io.drillbook.runbook;

import java.util.ArrayList;
import java.util.List;

/** A shell command from the runbook, as words that each remember their line. */
record Command(List<Word> words) {

  record Word(String text, int line) {}

  Command {
    words = List.copyOf(words);
  }

  int line() {
    return words.get(0).line();
  }

  String word(int i) {
    return i < words.size() ? words.get(i).text() : null;
  }

  /** The command in an inline code span on one line; null when it has no words. */
  static Command inline(String code, int line) {
    List<Word> words = new ArrayList<>();
    split(code, line, words);
    return words.isEmpty() ? null : new Command(words);
  }

  /**
   * The commands of a code block whose first line is {@code firstLine}, joining lines continued with a trailing
   * backslash and skipping comments and prompts.
   */
  static List<Command> block(String literal, int firstLine) {
    List<Command> commands = new ArrayList<>();
    List<Word> words = new ArrayList<>();
    String[] lines = literal.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String text = lines[i].strip();
      boolean continued = text.endsWith("\\");
      if (continued) {
        text = text.substring(0, text.length() - 1);
      }
      if (words.isEmpty()) {
        if (text.startsWith("#")) {
          continue;
        }
        if (text.startsWith("$ ")) {
          text = text.substring(2);
        }
      }
      split(text, firstLine + i, words);
      if (!continued && !words.isEmpty()) {
        commands.add(new Command(words));
        words = new ArrayList<>();
      }
    }
    if (!words.isEmpty()) {
      commands.add(new Command(words));
    }
    return commands;
  }

  /** Shell-like word splitting: quotes group and are removed; an unquoted '#' starts a comment. */
  private static void split(String text, int line, List<Word> out) {
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(new Word(word.toString(), line));
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '#' && !inWord) {
        break;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(new Word(word.toString(), line));
    }
  }
}
