// Package search does all the linguistic work of full-text search in Go:
// folding, splitting and stemming text for the index, parsing what readers
// type into a query, and highlighting the matches in titles and snippets.
//
// # Why the analysis is here and not in the database
//
// newsdesk stores its articles in SQLite (FTS5) or PostgreSQL (tsvector),
// and a search must find the same articles on either. The engines' own text
// analysis differs in every step that decides a match: FTS5's tokenizers
// and PostgreSQL's parser split words at different characters, fold
// diacritics differently (or not at all), and stem with different
// algorithms and versions (FTS5 ships only an English Porter stemmer;
// PostgreSQL's configurations also drop stop words, which breaks phrases and
// queries made only of stop words). So the Analyzer does it once, in Go,
// and both stores index and query the same pre-analyzed token streams: a
// store puts IndexText's space-separated tokens into an FTS5 column or
// to_tsvector('simple', …), which only records them and their positions.
//
// Each field is indexed twice, with the same number of tokens in the same
// order so that phrase positions agree:
//
//   - exact: the folded words (lowercase, diacritics removed), for "Exact
//     matches only" and for prefixes (a word still being typed is the start
//     of a word as written, not of its stem);
//   - stemmed: the snowball stem of each folded word, for the default search
//     ("ferries" finds "ferry").
//
// Stop words are kept in both: phrases need every position, and a query of
// only stop words is still a query.
//
// # Queries
//
// Parse reads the query language readers use (words ANDed, "phrases",
// -exclusions, OR, prefix*) into a Query of folded words and their stems.
// Nothing a reader types is ever syntax for the storage engine: every
// other character only separates words, every token of a Query is made of
// letters and digits only (safe inside a quoted FTS5 string or tsquery
// lexeme), and the input, the number of clauses and the number of words are
// bounded. The stores translate a Query into FTS5 MATCH or tsquery syntax
// themselves.
//
// # Highlighting
//
// A Matcher applies the same analysis to the text shown with a result, so
// the words marked are the words that matched. It works on plain text and
// escapes it itself: its output is HTML with no markup other than balanced
// <mark> elements, and a snippet never cuts a tag or an entity.
//
// Changing the language changes every stem: the index must be rebuilt
// with the new Analyzer.
package search
