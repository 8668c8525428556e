package neardup

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// NumHashes is the length of a Signature. The error of the similarity
// estimate shrinks as 1/sqrt(NumHashes): with 126 its standard deviation is
// about 0.045 at a similarity of 0.5, small beside the gap between copies
// and separately written reports of one event (see measure_test.go).
const NumHashes = NumBands * RowsPerBand

// NumBands and RowsPerBand cut a Signature into band keys for the Index.
// Two texts of Jaccard similarity s share at least one band key with
// probability 1-(1-s^r)^b. With b=42 and r=3 that is 0.996 at s=0.5 and
// 0.9995 at s=0.55 (the Threshold), so copies at the Threshold are found;
// it is 0.29 at s=0.2 and 0.04 at s=0.1, so texts that merely share some
// vocabulary seldom become candidates. A candidate that is not similar
// enough is turned away by Match, so a collision costs a comparison, never
// a wrong match. (32 bands of 4 rows found only 95% of pairs at 0.55.)
const (
	NumBands    = 42
	RowsPerBand = 3
)

// SignatureVersion identifies the words, shingles and hash functions behind
// a Signature. It is written by MarshalBinary and checked by
// UnmarshalBinary so that signatures stored by another version, which could
// not be compared, are refused and the text signed again.
const SignatureVersion = 1

// seeds are the per-position seeds of the hash functions, drawn once from a
// fixed splitmix64 sequence: the same on every run and every machine.
var seeds = func() [NumHashes]uint64 {
	var s [NumHashes]uint64
	x := uint64(0x6e6561726475703a) // "neardup:"
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix64(x)
	}
	return s
}()

// Signature is the MinHash signature of a text: NumHashes values, the least
// hash of the text's shingles under each hash function. A nil Signature
// means the text had too few words to be compared (see MinShingles); it is
// similar to nothing and has no band keys.
type Signature []uint32

// Sign returns the Signature of text, or nil when text has fewer than
// MinShingles distinct shingles. Text may be anything, including invalid
// UTF-8: words are what the search analyzer finds in it, case-folded, and
// only the first MaxWords count.
//
// Sign the body of an article rather than its headline with it: outlets
// rewrite headlines, and the headline is too short to count for much.
func Sign(text string) Signature {
	return signShingles(shingles(words(text), ShingleSize))
}

// signShingles computes the signature of a set of shingle hashes.
func signShingles(sh []uint64) Signature {
	if len(sh) < MinShingles {
		return nil
	}
	var mins [NumHashes]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	for _, h := range sh {
		for i, seed := range seeds {
			if v := mix64(h ^ seed); v < mins[i] {
				mins[i] = v
			}
		}
	}
	sig := make(Signature, NumHashes)
	for i, m := range mins {
		// The high half of the least value: two different shingles
		// give the same one with probability 2^-32.
		sig[i] = uint32(m >> 32)
	}
	return sig
}

// Valid reports whether s is a usable signature: NumHashes values long.
func (s Signature) Valid() bool { return len(s) == NumHashes }

// Similarity estimates the Jaccard similarity of the texts behind a and b,
// from 0 (nothing in common) to 1 (the same shingles): the share of
// positions where the signatures agree. It is 0 when either is not Valid.
func Similarity(a, b Signature) float64 {
	if !a.Valid() || !b.Valid() {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / NumHashes
}

// Bands returns the NumBands band keys of s, nil when s is not Valid. Each
// key hashes one band's RowsPerBand values together with the band's
// number, so equal values in different bands give different keys. Texts
// sharing a key are candidates for being near duplicates.
func (s Signature) Bands() []uint64 {
	if !s.Valid() {
		return nil
	}
	keys := make([]uint64, NumBands)
	for b := range keys {
		h := mix64(uint64(b) + 0x62616e64) // "band"
		for _, v := range s[b*RowsPerBand : (b+1)*RowsPerBand] {
			h = mix64(h ^ uint64(v))
		}
		keys[b] = h
	}
	return keys
}

// ErrSignature is returned by UnmarshalBinary for data that is not a
// signature of SignatureVersion.
var ErrSignature = errors.New("neardup: not a signature of this version")

// MarshalBinary encodes s for storage: the SignatureVersion byte, then the
// values as 4-byte little-endian integers. A nil Signature encodes as nil.
func (s Signature) MarshalBinary() ([]byte, error) {
	if s == nil {
		return nil, nil
	}
	if !s.Valid() {
		return nil, fmt.Errorf("neardup: signature of %d values, want %d", len(s), NumHashes)
	}
	out := make([]byte, 1, 1+4*NumHashes)
	out[0] = SignatureVersion
	for _, v := range s {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	return out, nil
}

// UnmarshalBinary decodes what MarshalBinary encoded. Empty data gives a nil
// Signature; data of another SignatureVersion or length gives ErrSignature,
// and the text should be signed again.
func (s *Signature) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		*s = nil
		return nil
	}
	if len(data) != 1+4*NumHashes || data[0] != SignatureVersion {
		return ErrSignature
	}
	sig := make(Signature, NumHashes)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(data[1+4*i:])
	}
	*s = sig
	return nil
}
