// Package auth signs the newsroom in: argon2id password hashes, the
// password policy, sessions whose tokens the store keeps only as hashes,
// login throttling per client address and per account, and the session
// cookie the web layer sets.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// params are the argon2id cost parameters of one hash.
type params struct {
	memory  uint32 // KiB
	time    uint32 // passes over the memory
	threads uint8  // lanes
	saltLen uint32 // bytes
	keyLen  uint32 // bytes
}

// defaultParams follow OWASP's argon2id recommendation (19 MiB, two
// passes, one lane), which suits a small server where several sign-ins
// may hash at once.
var defaultParams = params{memory: 19456, time: 2, threads: 1, saltLen: 16, keyLen: 32}

// testParams hash quickly, for tests that hash many times (see
// Options.TestHashing); they are never used outside a test binary.
var testParams = params{memory: 64, time: 1, threads: 1, saltLen: 16, keyLen: 32}

// Bounds on the parameters a stored hash may ask for. A hash written by
// someone who could tamper with the database must not make verifying it
// take gigabytes or minutes.
const (
	maxMemory  = 256 * 1024  // KiB: 256 MiB
	maxTime    = 16          // passes
	maxWork    = 1024 * 1024 // memory × time, in KiB: 1 GiB of block passes
	maxThreads = 16
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 128
)

// argon2Version is the only argon2 version golang.org/x/crypto computes
// (0x13, "v=19").
const argon2Version = 19

// ErrBadHash is wrapped by the errors VerifyPassword returns for an
// encoded hash it cannot read or refuses to compute.
var ErrBadHash = errors.New("auth: malformed password hash")

// b64 is the PHC string format's base64: the standard alphabet without
// padding, and strict so a tampered final character is refused.
var b64 = base64.RawStdEncoding.Strict()

// HashPassword hashes pw with argon2id and a fresh random salt, and
// returns it in the PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	return hashWith(pw, defaultParams)
}

func hashWith(pw string, p params) (string, error) {
	salt := make([]byte, p.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: hash password: read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, p.keyLen)
	return encodeHash(p, salt, key), nil
}

func encodeHash(p params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether pw matches the encoded argon2id hash,
// comparing in constant time. It computes with the parameters the
// encoding names, within bounds: a hash that is malformed or asks for
// absurd costs gives an error wrapping ErrBadHash, and ok false.
func VerifyPassword(encoded, pw string) (ok bool, err error) {
	p, salt, key, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, p.keyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether the encoded hash should be replaced by a
// new one: it cannot be read, or was made with parameters other than
// the current ones (weaker or stronger).
func NeedsRehash(encoded string) bool {
	return needsRehash(encoded, defaultParams)
}

func needsRehash(encoded string, want params) bool {
	p, _, _, err := decodeHash(encoded)
	return err != nil || p != want
}

// decodeHash reads $argon2id$v=19$m=M,t=T,p=P$salt$hash strictly: the
// parameters in that order, decimal without sign or leading zeros, and
// nothing else.
func decodeHash(encoded string) (params, []byte, []byte, error) {
	bad := func(format string, args ...any) (params, []byte, []byte, error) {
		return params{}, nil, nil, fmt.Errorf("%w: "+format, append([]any{ErrBadHash}, args...)...)
	}
	if len(encoded) > 512 {
		return bad("%d bytes long", len(encoded))
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return bad("algorithm %q is not argon2id", parts[1])
	}
	v, ok := strings.CutPrefix(parts[2], "v=")
	if !ok {
		return bad("version field %q is not v=N", parts[2])
	}
	if n, err := parseDecimal(v); err != nil || n != argon2Version {
		return bad("version %q is not %d", v, argon2Version)
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return bad("parameters %q are not m=…,t=…,p=…", parts[3])
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		s, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return bad("parameter %q: want %s=N", fields[i], name)
		}
		n, err := parseDecimal(s)
		if err != nil {
			return bad("parameter %s: %v", name, err)
		}
		vals[i] = n
	}
	m, t, th := vals[0], vals[1], vals[2]
	switch {
	case th < 1 || th > maxThreads:
		return bad("p=%d is outside 1..%d", th, maxThreads)
	case t < 1 || t > maxTime:
		return bad("t=%d is outside 1..%d", t, maxTime)
	case m < 8*th || m > maxMemory:
		return bad("m=%d is outside %d..%d KiB", m, 8*th, maxMemory)
	case m*t > maxWork:
		return bad("m=%d with t=%d is more work than %d KiB passes", m, t, maxWork)
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return bad("salt: %v", err)
	}
	if len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return bad("salt of %d bytes is outside %d..%d", len(salt), minSaltLen, maxSaltLen)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil {
		return bad("hash: %v", err)
	}
	if len(key) < minKeyLen || len(key) > maxKeyLen {
		return bad("hash of %d bytes is outside %d..%d", len(key), minKeyLen, maxKeyLen)
	}
	p := params{memory: uint32(m), time: uint32(t), threads: uint8(th), saltLen: uint32(len(salt)), keyLen: uint32(len(key))}
	return p, salt, key, nil
}

// parseDecimal reads a non-negative decimal number of at most nine
// digits, without sign or leading zeros.
func parseDecimal(s string) (uint64, error) {
	if s == "" || len(s) > 9 || (len(s) > 1 && s[0] == '0') {
		return 0, fmt.Errorf("%q is not a plain decimal number", s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%q is not a plain decimal number", s)
		}
	}
	return strconv.ParseUint(s, 10, 64)
}

// Password policy bounds.
const (
	MinPasswordChars = 12   // characters (Unicode code points)
	MaxPasswordBytes = 1024 // bytes of UTF-8
)

// ErrPasswordPolicy is matched (errors.Is) by every error
// CheckPasswordPolicy returns.
var ErrPasswordPolicy = errors.New("password does not meet the policy")

// PolicyError says why a password was refused.
type PolicyError struct {
	Reason string // e.g. "must be at least 12 characters long (it has 8)"
}

// Error returns "password " followed by the reason.
func (e *PolicyError) Error() string { return "password " + e.Reason }

// Is makes a PolicyError match ErrPasswordPolicy.
func (e *PolicyError) Is(target error) bool { return target == ErrPasswordPolicy }

// CheckPasswordPolicy says whether pw may be set as a password: valid
// UTF-8, at least MinPasswordChars characters, at most MaxPasswordBytes
// bytes, and not one character repeated. The error is a *PolicyError.
func CheckPasswordPolicy(pw string) error {
	if !utf8.ValidString(pw) {
		return &PolicyError{Reason: "is not valid UTF-8 text"}
	}
	if len(pw) > MaxPasswordBytes {
		return &PolicyError{Reason: fmt.Sprintf("must be at most %d bytes long (it has %d)", MaxPasswordBytes, len(pw))}
	}
	if n := utf8.RuneCountInString(pw); n < MinPasswordChars {
		return &PolicyError{Reason: fmt.Sprintf("must be at least %d characters long (it has %d)", MinPasswordChars, n)}
	}
	first, _ := utf8.DecodeRuneInString(pw)
	if strings.Trim(pw, string(first)) == "" {
		return &PolicyError{Reason: "must not be one character repeated"}
	}
	return nil
}

// generatedAlphabet is what GeneratePassword draws from: lowercase
// letters and digits without the look-alikes 0, 1, l and o, so a password
// read aloud or copied from a screen survives.
const generatedAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// GeneratePassword returns a new random password for an account reset or
// created by an admin: four groups of five characters from a 32-symbol
// alphabet, joined by hyphens (100 random bits), which passes
// CheckPasswordPolicy.
func GeneratePassword() (string, error) {
	var raw [20]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("auth: generate password: %w", err)
	}
	var b strings.Builder
	for i, c := range raw {
		if i > 0 && i%5 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(generatedAlphabet[int(c)%len(generatedAlphabet)]) // 256 is a multiple of 32: no bias
	}
	return b.String(), nil
}
