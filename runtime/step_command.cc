#include "runtime/step_command.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/strings.h"
#include "fmt/format.h"

namespace wod::runtime {
namespace {

// docs/spec/step-trace.md §1: N is a whole number of ms, 0 ≤ N ≤ 2^53 (the
// largest integer a JSON number carries exactly).
constexpr int64_t kMaxMs = int64_t{1} << 53;
// docs/spec/step-trace.md §1: `choose N` names an alternative, 1 ≤ N ≤ 1000
// (a choice never has more alternatives than a line has characters, and a
// small bound keeps the number an int).
constexpr int kMaxAlternative = 1000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// docs/spec/step-trace.md: an event NAME is `[A-Za-z0-9:_.-]+`.
bool IsEventNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '.' || c == '-';
}

// Quotes a user token for a message; bytes that would garble a terminal or
// break the UTF-8 of the message (control bytes, invalid sequences) are
// shown as \xNN so a diagnostic is always one printable, valid line.
std::string Quote(std::string_view token) {
  constexpr size_t kMaxShown = 40;
  std::string out = "'";
  size_t shown = 0;
  for (size_t i = 0; i < token.size();) {
    if (shown++ == kMaxShown) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(token[i]);
    const size_t length = base::Utf8SequenceLength(token, i);
    if (length == 0 || byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
      ++i;
    } else {
      out += token.substr(i, length);
      i += length;
    }
  }
  out += "'";
  return out;
}

// One whitespace-separated word of an item and where it starts.
struct Token {
  std::string_view text;
  int column = 0;
};

// Walks the --steps text keeping line and column (1-based; columns count
// UTF-8 code points so a caret under a non-ASCII line stays aligned).
class StepParser {
 public:
  explicit StepParser(std::string_view text) : text_(text) {}

  absl::StatusOr<std::vector<StepCommand>> Parse() {
    std::vector<StepCommand> commands;
    while (pos_ <= text_.size()) {
      // One item: everything up to the next ';' or newline.
      std::vector<Token> tokens;
      while (pos_ < text_.size() && text_[pos_] != ';' && text_[pos_] != '\n') {
        if (IsSpace(text_[pos_])) {
          Advance();
          continue;
        }
        Token token;
        token.column = column_;
        const size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != ';' &&
               text_[pos_] != '\n' && !IsSpace(text_[pos_])) {
          Advance();
        }
        token.text = text_.substr(start, pos_ - start);
        tokens.push_back(token);
      }
      if (!tokens.empty()) {
        absl::StatusOr<StepCommand> command = ParseItem(tokens);
        if (!command.ok()) return command.status();
        commands.push_back(*std::move(command));
      }
      if (pos_ == text_.size()) break;
      Advance();  // the separator
    }
    return commands;
  }

 private:
  // The column of a position is 1 + the code points before it on its line,
  // i.e. the bytes that are not UTF-8 continuation bytes (10xxxxxx).
  void Advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }

  absl::Status Error(int column, std::string_view message) const {
    return absl::InvalidArgumentError(
        fmt::format("steps:{}:{}: {}", line_, column, message));
  }

  absl::StatusOr<int64_t> ParseMs(const Token& word,
                                  const std::vector<Token>& tokens) const {
    if (tokens.size() < 2) {
      return Error(
          word.column,
          fmt::format("'{}' needs a whole number of milliseconds", word.text));
    }
    const Token& arg = tokens[1];
    int64_t value = 0;
    for (char c : arg.text) {
      if (c < '0' || c > '9') {
        return Error(arg.column,
                     fmt::format("{} is not a whole number of milliseconds",
                                 Quote(arg.text)));
      }
      value = value * 10 + (c - '0');
      if (value > kMaxMs) {
        return Error(
            arg.column,
            fmt::format("{} ms is out of range (0 to 2^53)", Quote(arg.text)));
      }
    }
    return value;
  }

  absl::StatusOr<StepCommand> ParseItem(const std::vector<Token>& tokens) {
    const Token& word = tokens[0];
    StepCommand command;
    command.line = line_;
    command.column = word.column;
    size_t arity = 1;
    if (word.text == "next") {
      command.kind = CommandKind::kNext;
    } else if (word.text == "tick" || word.text == "advance") {
      command.kind =
          word.text == "tick" ? CommandKind::kTick : CommandKind::kAdvance;
      absl::StatusOr<int64_t> ms = ParseMs(word, tokens);
      if (!ms.ok()) return ms.status();
      command.ms = *ms;
      arity = 2;
    } else if (word.text == "event") {
      if (tokens.size() < 2) {
        return Error(word.column, "'event' needs a name ([A-Za-z0-9:_.-]+)");
      }
      const Token& name = tokens[1];
      int column = name.column;
      for (size_t i = 0; i < name.text.size(); ++i) {
        const char c = name.text[i];
        if (!IsEventNameChar(c)) {
          // Quote the whole character, not its first byte, so a non-ASCII
          // name gives a readable message (bad-input catalogue:
          // commands/event-utf8-name).
          const size_t length =
              std::max<size_t>(1, base::Utf8SequenceLength(name.text, i));
          return Error(column,
                       fmt::format("invalid character {} in event name {} "
                                   "(allowed: A-Z a-z 0-9 : _ . -)",
                                   Quote(name.text.substr(i, length)),
                                   Quote(name.text)));
        }
        ++column;
      }
      command.kind = CommandKind::kEvent;
      command.event = std::string(name.text);
      arity = 2;
    } else if (word.text == "choose") {
      if (tokens.size() < 2) {
        return Error(word.column,
                     "'choose' needs an alternative number (1, 2, ...)");
      }
      const Token& arg = tokens[1];
      int value = 0;
      for (char c : arg.text) {
        if (c < '0' || c > '9') {
          return Error(
              arg.column,
              fmt::format("{} is not an alternative number (1, 2, ...)",
                          Quote(arg.text)));
        }
        value = value * 10 + (c - '0');
        if (value > kMaxAlternative) break;
      }
      if (value < 1 || value > kMaxAlternative) {
        return Error(arg.column,
                     fmt::format("alternative {} is out of range (1 to {})",
                                 Quote(arg.text), kMaxAlternative));
      }
      command.kind = CommandKind::kChoose;
      command.alternative = value;
      arity = 2;
    } else if (word.text == "pause") {
      // docs/spec/step-trace.md: pause/resume/abort are shorthands for the
      // events.
      command.kind = CommandKind::kEvent;
      command.event = "timer:pause";
    } else if (word.text == "resume") {
      command.kind = CommandKind::kEvent;
      command.event = "timer:resume";
    } else if (word.text == "abort") {
      command.kind = CommandKind::kEvent;
      command.event = "abort";
    } else {
      return Error(word.column,
                   fmt::format("unknown command {}", Quote(word.text)));
    }
    if (tokens.size() > arity) {
      const Token& extra = tokens[arity];
      return Error(extra.column, fmt::format("unexpected {} after '{}'",
                                             Quote(extra.text), word.text));
    }
    return command;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

StepCommand MakeStepCommand(CommandKind kind, int64_t ms, std::string event) {
  StepCommand command;
  command.kind = kind;
  command.ms = ms;
  command.event = std::move(event);
  return command;
}

std::string StepCommand::ActionText() const {
  switch (kind) {
    case CommandKind::kNext:
      return "userNext";
    case CommandKind::kTick:
      return fmt::format("tick {} ms", ms);
    case CommandKind::kAdvance:
      return fmt::format("advance {} ms", ms);
    case CommandKind::kEvent:
      return fmt::format("event `{}`", event);
    case CommandKind::kChoose:
      return fmt::format("choose {}", alternative);
  }
  return "unknown";
}

absl::StatusOr<std::vector<StepCommand>> ParseStepCommands(
    std::string_view text) {
  return StepParser(text).Parse();
}

}  // namespace wod::runtime
