// LineParser: the fragments of one non-blank line of a workout script →
// the statement's metrics (docs/spec/language.md §3, §5–§9), with diagnostics
// for what it drops. Used by Parse (blocks/parser.h), which owns the line
// structure (indentation, nesting, dialect hints); nothing else needs it.
//
//   DiagnosticSink sink(&diagnostics);
//   LineParser parser("3x 10 Pullups @ 20kg", /*line_no=*/1, /*offset=*/0,
//                     &sink);
//   parser.Run(&statement);  // statement.metrics, statement.lap
#ifndef WOD_BLOCKS_LINE_PARSER_H_
#define WOD_BLOCKS_LINE_PARSER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "blocks/diagnostic.h"
#include "blocks/lexer.h"
#include "blocks/statement.h"

namespace wod::blocks {

// Collects a parse's diagnostics, at most kMaxDiagnostics of them (then one
// error saying the rest were suppressed), so that no input makes the list
// unbounded. Columns are 0-based code point columns (ColumnMap); the
// diagnostic gets them 1-based.
class DiagnosticSink {
 public:
  static constexpr std::size_t kMaxDiagnostics = 1000;

  explicit DiagnosticSink(std::vector<Diagnostic>* out) : out_(out) {}

  void Add(int line, std::size_t column0, Severity severity,
           std::string message, std::optional<FixIt> fix = std::nullopt);
  void Error(int line, std::size_t column0, std::string message) {
    Add(line, column0, Severity::kError, std::move(message));
  }
  void Warning(int line, std::size_t column0, std::string message) {
    Add(line, column0, Severity::kWarning, std::move(message));
  }
  [[nodiscard]] std::size_t count() const { return out_->size(); }

 private:
  std::vector<Diagnostic>* out_;
};

// Parses the fragments of one non-blank line into metrics.
class LineParser {
 public:
  LineParser(std::string_view line, int line_no, std::size_t line_offset,
             DiagnosticSink* sink)
      : line_(line),
        line_no_(line_no),
        line_offset_(line_offset),
        sink_(sink),
        columns_(line),
        tokens_(LexLine(line)) {}

  // Fills `statement.metrics` and `statement.lap`.
  void Run(Statement* statement);

  [[nodiscard]] bool required_timer() const { return required_timer_; }

 private:
  // One entry of a line's fragment list before choices are resolved: a metric
  // or a `|` waiting for its neighbours (docs/spec/language.md §8 "Choices").
  struct Item {
    bool is_pipe = false;
    Metric metric;
    // A rounds metric from `( … )`: the text between the parentheses, and
    // the warning about what was ignored inside (empty for none), held back
    // until Finish knows whether the parenthesis is a note that keeps it
    // all (docs/spec/language.md §7.2).
    std::string paren_text;
    std::string paren_warning;
    std::size_t paren_warning_at = 0;
  };

  Metric MakeMetric(MetricKind kind, std::size_t begin, std::size_t end) const;

  // The 0-based column (code points) of byte `offset` of the line.
  [[nodiscard]] std::size_t Column0(std::size_t offset) const {
    return columns_.Column0(offset);
  }

  // Warns about characters read otherwise than they look
  // (docs/spec/language.md §1.5, §2.4): the line's first invalid UTF-8
  // byte, each invisible character between tokens, each fullwidth colon.
  void ReportCharacters();

  void Push(Metric m);

  void Warn(const Token& t, std::string message);
  void Error(const Token& t, std::string message);

  bool IsPropertyLine() const;

  // For `key: several words` (docs/spec/language.md §9.4): the index of the
  // token after the value, or 0 when the line is not such a metadata line.
  [[nodiscard]] std::size_t MetadataValueEnd() const;
  void EmitMetadata(std::size_t value_end);

  // `@ Threshold`, `@easy`: the words after `@` as an intensity note
  // (docs/spec/language.md §9.6); `k` is the `@`. Returns the next index.
  std::size_t IntensityNote(std::size_t k);

  // True when the number at `k` is joined by a hyphen to a word that is not
  // a unit (`10-to-2`, `1-Arm`): part of a movement name
  // (docs/spec/language.md §8.5).
  [[nodiscard]] bool JoinedToWord(std::size_t k) const;

  // Did-you-mean warnings with fix-its for round headers written without
  // parentheses (`3 rounds`, `5 sets`, `3x`, `5x5`, `21-15-9`, `EMOM 10`,
  // `AMRAP 20 mins`; docs/spec/language.md §12.3), starting at token `k`.
  void SuggestRoundHeaders(std::size_t k);
  // The index of the first token from `from` on that is `close` or a
  // comment (a bracket closes before a comment or not at all), or the
  // number of tokens when there is none.
  [[nodiscard]] std::size_t CloserOrComment(std::size_t from,
                                            TokenKind close) const;
  // The line's text from the start of token `first` to the end of token
  // `last`.
  [[nodiscard]] std::string_view SpanText(std::size_t first,
                                          std::size_t last) const;
  // Reports `message` at token `first` with a fix-it replacing tokens
  // [first, last] by `replacement`; the message gets the suggestion.
  void Suggest(std::size_t first, std::size_t last, std::string message,
               std::string replacement);
  // Suggest with the message "'<tokens first..last>' <why>".
  void SuggestFor(std::size_t first, std::size_t last, std::string_view why,
                  std::string replacement);
  // The repair text of an unclosed bracket: the line from `open` to
  // `content_end` (bytes) followed by `close`.
  void ReportUnclosed(const Token& open, std::size_t content_end, char close);

  void EmitProperty();

  static std::string Unquote(std::string_view quoted);

  // Parses the fragment starting at token k; returns the next token index.
  std::size_t Fragment(std::size_t k);

  // duration = [ "^" | "*" ] ( ":?" | TIMER )  (docs/spec/language.md §3, §6)
  std::size_t Duration(std::size_t k);

  // rounds = "(" ( IDENT | sequence ) { … } ")"  (docs/spec/language.md §5, §7)
  std::size_t Rounds(std::size_t k);

  // action = "[" [":"] ["!"] text "]"  (docs/spec/language.md §5, §9)
  std::size_t Action(std::size_t k);

  // metric-object = "{" JSON pairs "}" → one property metric per pair.
  std::size_t Object(std::size_t k);

  // A small JSON reader for `{ "k": v, … }` with string, number, true, false
  // and null values. Iterative and bounded by the body length.
  bool ParseJsonObject(std::string_view body, std::size_t base,
                       std::vector<Metric>* out) const;

  // quantity = [ "@" ] ( "?" | NUMBER [ "/" NUMBER ] ) [ UNIT ]
  // (docs/spec/language.md §3 and the Units dialect §8).
  std::size_t Quantity(std::size_t k);

  // effort words: adjacent tokens separated by at most one blank (invisible
  // characters not counted) are one effort, joined with a single space
  // (docs/spec/language.md §5: `Clean & Jerk`, `Pull-ups`).
  void EffortPiece(const Token& t);

  static bool IsQuantity(MetricKind kind);
  static bool IsMeasure(MetricKind kind);

  // Resolves `a | b` (docs/spec/language.md §8 "Choices"): `185 | 125 lb` gives
  // the unit to the bare number; like things make a choice; a pipe between
  // unlike things is dropped.
  void Finish(Statement* statement);

  std::string_view line_;
  int line_no_;
  std::size_t line_offset_;
  DiagnosticSink* sink_;
  ColumnMap columns_;
  std::vector<Token> tokens_;
  std::vector<Item> items_;
  bool effort_open_ = false;
  std::size_t effort_end_ = 0;
  bool required_timer_ = false;
  // A duration with a value was pushed: a later one does not run
  // (docs/spec/language.md §13.9).
  bool timed_ = false;
  // The `)` closing a parenthesised timer, read as if absent
  // (docs/spec/language.md §6.5); SIZE_MAX when none.
  std::size_t transparent_close_ = static_cast<std::size_t>(-1);
};

}  // namespace wod::blocks

#endif  // WOD_BLOCKS_LINE_PARSER_H_
