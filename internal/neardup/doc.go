// Package neardup finds near-duplicate texts: the same story lightly edited,
// as when a wire story is republished by several outlets with a new first
// line, another headline, a dropped sentence or a few words changed. Such
// copies are shown once, with "Also published by ...", instead of filling a
// story with the same words again.
//
// The method is MinHash over word shingles with locality-sensitive hashing:
//
//   - Text is split into folded words by the search analyzer (case, accents
//     and punctuation do not count) and cut into overlapping runs of
//     ShingleSize words. Two texts are alike in the measure of the Jaccard
//     similarity of their shingle sets: shared shingles over all shingles.
//   - A Signature keeps, for each of NumHashes fixed hash functions, the
//     least hash over the text's shingles. The share of positions where two
//     signatures agree estimates the Jaccard similarity of the texts, in a
//     fixed size whatever the length of the text.
//   - The signature is cut into NumBands bands of RowsPerBand rows; texts
//     that agree on a whole band share a band key. The Index finds the texts
//     sharing a key (the candidates) through a map, so a lookup costs the
//     candidates found and not the number of texts indexed, and then checks
//     each candidate's similarity against Threshold.
//
// Everything is deterministic: the hash functions are FNV-1a and a fixed
// integer mixer with fixed seeds, so a signature computed today on one
// machine equals the one computed next year on another and can be stored.
// SignatureVersion changes whenever the words, shingles or hashes would,
// and a stored signature of another version is refused when decoded.
//
// The parameters (ShingleSize, NumBands, RowsPerBand, Threshold) were chosen
// by measurement over the demo world's articles: see measure_test.go, and run
//
//	go test ./internal/neardup -run TestMeasure -v
//
// to print precision, recall and the similarity distributions.
package neardup
