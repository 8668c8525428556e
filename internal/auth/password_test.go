package auth

import (
	"errors"
	"strings"
	"testing"
)

// cheap hashes quickly, for tests that hash many times; production
// code always uses defaultParams.
var cheap = testParams

func TestHashPasswordRoundTrip(t *testing.T) {
	for _, pw := range []string{"correct horse battery staple", "pässwörd ünïcode 日本語", ""} {
		enc, err := HashPassword(pw)
		if err != nil {
			t.Fatalf("HashPassword(%q): %v", pw, err)
		}
		if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("HashPassword(%q) = %q, want the OWASP parameters in PHC format", pw, enc)
		}
		p, salt, key, err := decodeHash(enc)
		if err != nil {
			t.Fatalf("decode %q: %v", enc, err)
		}
		if p != defaultParams || len(salt) != 16 || len(key) != 32 {
			t.Errorf("decoded %+v with a %d-byte salt and %d-byte key", p, len(salt), len(key))
		}
		ok, err := VerifyPassword(enc, pw)
		if err != nil || !ok {
			t.Errorf("VerifyPassword(right password) = %v, %v; want true", ok, err)
		}
		ok, err = VerifyPassword(enc, pw+"x")
		if err != nil || ok {
			t.Errorf("VerifyPassword(wrong password) = %v, %v; want false, nil", ok, err)
		}
	}
	a, _ := HashPassword("same password twice")
	b, _ := HashPassword("same password twice")
	if a == b {
		t.Errorf("two hashes of one password are equal (%s): the salt is not random", a)
	}
}

// The reference implementation (libargon2, argon2id_hash_encoded) gave
// these encodings on this machine; VerifyPassword must accept them, with
// their own parameters.
func TestVerifyReferenceEncodings(t *testing.T) {
	cases := []struct{ enc, pw string }{
		{"$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$gy5SuVm5Z7Vw7keB9se9p87QGcomaseB/S2U1OhTsM0", "correct horse battery staple"},
		{"$argon2id$v=19$m=4096,t=3,p=4$c2FsdHNhbHRzYWx0$d3H2ztYY2cCvAKKtToAld/J6eArLDnBH", "pässwörd ünïcode"},
	}
	for _, c := range cases {
		ok, err := VerifyPassword(c.enc, c.pw)
		if err != nil || !ok {
			t.Errorf("VerifyPassword(%s, right) = %v, %v; want true", c.enc, ok, err)
		}
		ok, err = VerifyPassword(c.enc, strings.ToUpper(c.pw))
		if err != nil || ok {
			t.Errorf("VerifyPassword(%s, wrong) = %v, %v; want false, nil", c.enc, ok, err)
		}
		p, salt, key, err := decodeHash(c.enc)
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeHash(p, salt, key); got != c.enc {
			t.Errorf("re-encoded %s as %s", c.enc, got)
		}
	}
}

func TestVerifyTamperedEncodings(t *testing.T) {
	const pw = "correct horse battery staple"
	enc, err := hashWith(pw, cheap)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(enc, "$") // "", argon2id, v=19, m=64,t=1,p=1, salt, hash
	join := func(alg, ver, prm, salt, hash string) string {
		return strings.Join([]string{"", alg, ver, prm, salt, hash}, "$")
	}
	alg, ver, prm, salt, hash := parts[1], parts[2], parts[3], parts[4], parts[5]
	rawSalt, _ := b64.DecodeString(salt)
	rawHash, _ := b64.DecodeString(hash)
	flip := func(b []byte, i int) string {
		c := append([]byte(nil), b...)
		c[i] ^= 1
		return b64.EncodeToString(c)
	}

	// Encodings that cannot be read: an error wrapping ErrBadHash.
	malformed := map[string]string{
		"empty":                "",
		"no leading $":         strings.TrimPrefix(enc, "$"),
		"trailing $":           enc + "$",
		"extra field":          enc + "$AAAA",
		"missing hash":         strings.Join([]string{"", alg, ver, prm, salt}, "$"),
		"argon2i":              join("argon2i", ver, prm, salt, hash),
		"argon2d":              join("argon2d", ver, prm, salt, hash),
		"upper case algorithm": join("ARGON2ID", ver, prm, salt, hash),
		"bcrypt":               "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"version 16":           join(alg, "v=16", prm, salt, hash),
		"version 019":          join(alg, "v=019", prm, salt, hash),
		"version missing":      strings.Join([]string{"", alg, prm, salt, hash}, "$"),
		"version not v=":       join(alg, "version=19", prm, salt, hash),
		"parameters reordered": join(alg, ver, "t=1,m=64,p=1", salt, hash),
		"parameter missing":    join(alg, ver, "m=64,t=1", salt, hash),
		"parameter extra":      join(alg, ver, "m=64,t=1,p=1,keyid=abc", salt, hash),
		"negative memory":      join(alg, ver, "m=-64,t=1,p=1", salt, hash),
		"plus sign":            join(alg, ver, "m=+64,t=1,p=1", salt, hash),
		"leading zero":         join(alg, ver, "m=064,t=1,p=1", salt, hash),
		"space in number":      join(alg, ver, "m=64 ,t=1,p=1", salt, hash),
		"hex number":           join(alg, ver, "m=0x40,t=1,p=1", salt, hash),
		"empty number":         join(alg, ver, "m=,t=1,p=1", salt, hash),
		"huge number":          join(alg, ver, "m=99999999999999999999,t=1,p=1", salt, hash),
		"salt bad character":   join(alg, ver, prm, "!"+salt[1:], hash),
		"salt padded":          join(alg, ver, prm, base64Padded(rawSalt), hash),
		"salt url alphabet":    join(alg, ver, prm, strings.NewReplacer("+", "-", "/", "_").Replace(b64.EncodeToString(withPlusSlash(16))), hash),
		"salt too short":       join(alg, ver, prm, b64.EncodeToString(rawSalt[:4]), hash),
		"salt too long":        join(alg, ver, prm, b64.EncodeToString(make([]byte, 65)), hash),
		"salt empty":           join(alg, ver, prm, "", hash),
		"salt non-canonical":   join(alg, ver, prm, nonCanonical(salt), hash),
		"hash bad character":   join(alg, ver, prm, salt, hash[:5]+"*"+hash[6:]),
		"hash too short":       join(alg, ver, prm, salt, b64.EncodeToString(rawHash[:8])),
		"hash too long":        join(alg, ver, prm, salt, b64.EncodeToString(make([]byte, 129))),
		"hash non-canonical":   join(alg, ver, prm, salt, nonCanonical(hash)),
		"hash impossible size": join(alg, ver, prm, salt, hash[:41]),
		"very long":            enc + strings.Repeat("A", 1000),
	}
	for name, bad := range malformed {
		ok, err := VerifyPassword(bad, pw)
		if ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("%s: VerifyPassword(%q) = %v, %v; want false and ErrBadHash", name, bad, ok, err)
		}
		if !NeedsRehash(bad) {
			t.Errorf("%s: NeedsRehash(%q) = false for an unreadable hash", name, bad)
		}
	}

	// Encodings that read well but were changed: no match, no error.
	changed := map[string]string{
		"salt changed":      join(alg, ver, prm, flip(rawSalt, 0), hash),
		"salt shortened":    join(alg, ver, prm, b64.EncodeToString(rawSalt[:15]), hash),
		"hash changed":      join(alg, ver, prm, salt, flip(rawHash, 31)),
		"hash first byte":   join(alg, ver, prm, salt, flip(rawHash, 0)),
		"hash truncated":    join(alg, ver, prm, salt, b64.EncodeToString(rawHash[:31])),
		"memory changed":    join(alg, ver, "m=128,t=1,p=1", salt, hash),
		"time changed":      join(alg, ver, "m=64,t=2,p=1", salt, hash),
		"threads changed":   join(alg, ver, "m=64,t=1,p=2", salt, hash),
		"hash of other key": join(alg, ver, prm, salt, b64.EncodeToString(make([]byte, 32))),
	}
	for name, c := range changed {
		ok, err := VerifyPassword(c, pw)
		if ok || err != nil {
			t.Errorf("%s: VerifyPassword(%q) = %v, %v; want false, nil", name, c, ok, err)
		}
	}
	if ok, err := VerifyPassword(enc, pw); !ok || err != nil {
		t.Fatalf("the untampered hash no longer verifies: %v, %v", ok, err)
	}
}

// base64Padded encodes b in standard base64 with its padding.
func base64Padded(b []byte) string {
	s := b64.EncodeToString(b)
	for len(s)%4 != 0 {
		s += "="
	}
	return s
}

// withPlusSlash returns n bytes whose standard base64 holds '+' and '/'.
func withPlusSlash(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = 0xfb // 111110 11…: '+' then '/'-ish sextets
	}
	return b
}

// nonCanonical changes the unused low bits of s's last character, which
// a lenient decoder would ignore.
func nonCanonical(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	i := strings.IndexByte(alphabet, s[len(s)-1])
	return s[:len(s)-1] + string(alphabet[i|1])
}

func TestVerifyRefusesAbsurdParameters(t *testing.T) {
	salt := b64.EncodeToString(make([]byte, 16))
	hash := b64.EncodeToString(make([]byte, 32))
	for _, prm := range []string{
		"m=4194304,t=1,p=1",   // 4 GiB
		"m=262145,t=1,p=1",    // just over 256 MiB
		"m=262144,t=16,p=1",   // each in bounds, 4 GiB of passes together
		"m=65536,t=17,p=1",    // too many passes
		"m=19456,t=1000,p=1",  // far too many passes
		"m=19456,t=2,p=17",    // too many lanes
		"m=19456,t=2,p=255",   // far too many lanes
		"m=19456,t=2,p=0",     // no lane
		"m=19456,t=0,p=1",     // no pass
		"m=0,t=2,p=1",         // no memory
		"m=7,t=2,p=1",         // under 8 KiB per lane
		"m=31,t=2,p=4",        // under 8 KiB per lane
		"m=999999999,t=2,p=1", // nine digits
	} {
		enc := "$argon2id$v=19$" + prm + "$" + salt + "$" + hash
		ok, err := VerifyPassword(enc, "anything at all")
		if ok || !errors.Is(err, ErrBadHash) {
			t.Errorf("VerifyPassword with %s = %v, %v; want refused with ErrBadHash", prm, ok, err)
		}
	}
	// The largest parameters allowed are read (not computed here: that
	// takes seconds).
	for _, prm := range []string{"m=65536,t=16,p=16", "m=262144,t=4,p=16", "m=128,t=1,p=16"} {
		enc := "$argon2id$v=19$" + prm + "$" + salt + "$" + hash
		if _, _, _, err := decodeHash(enc); err != nil {
			t.Errorf("decodeHash at the bounds (%s): %v", prm, err)
		}
	}
}

func TestNeedsRehash(t *testing.T) {
	cur, err := HashPassword("a password of today")
	if err != nil {
		t.Fatal(err)
	}
	if NeedsRehash(cur) {
		t.Errorf("NeedsRehash(%s) = true for a hash with today's parameters", cur)
	}
	// Made by the reference implementation with today's parameters.
	ref := "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$gy5SuVm5Z7Vw7keB9se9p87QGcomaseB/S2U1OhTsM0"
	if NeedsRehash(ref) {
		t.Errorf("NeedsRehash(%s) = true", ref)
	}
	salt16 := b64.EncodeToString(make([]byte, 16))
	key32 := b64.EncodeToString(make([]byte, 32))
	for _, enc := range []string{
		"$argon2id$v=19$m=4096,t=3,p=4$c2FsdHNhbHRzYWx0$d3H2ztYY2cCvAKKtToAld/J6eArLDnBH",
		"$argon2id$v=19$m=65536,t=2,p=1$" + salt16 + "$" + key32, // stronger
		"$argon2id$v=19$m=19456,t=1,p=1$" + salt16 + "$" + key32,
		"$argon2id$v=19$m=19456,t=2,p=2$" + salt16 + "$" + key32,
		"$argon2id$v=19$m=19456,t=2,p=1$" + b64.EncodeToString(make([]byte, 8)) + "$" + key32,
		"$argon2id$v=19$m=19456,t=2,p=1$" + salt16 + "$" + b64.EncodeToString(make([]byte, 16)),
		"",
		"not a hash",
	} {
		if !NeedsRehash(enc) {
			t.Errorf("NeedsRehash(%q) = false", enc)
		}
	}
}

func TestCheckPasswordPolicy(t *testing.T) {
	cases := []struct {
		name, pw string
		want     string // part of the error; "" for accepted
	}{
		{"empty", "", "at least 12 characters long (it has 0)"},
		{"eleven", "abcdefghijk", "at least 12 characters long (it has 11)"},
		{"twelve", "abcdefghijkl", ""},
		{"passphrase", "correct horse battery staple", ""},
		{"eleven characters, more bytes", "ééééééééééa", "at least 12 characters long (it has 11)"},
		{"twelve multibyte characters", "日本語のパスワードです十", ""},
		{"one letter repeated", "aaaaaaaaaaaaaaaa", "one character repeated"},
		{"one space repeated", strings.Repeat(" ", 20), "one character repeated"},
		{"one multibyte character repeated", strings.Repeat("é", 13), "one character repeated"},
		{"two characters", "abababababab", ""},
		{"invalid UTF-8", "abcdefghijkl\xff", "not valid UTF-8"},
		{"truncated UTF-8", "abcdefghijkl\xc3", "not valid UTF-8"},
		{"1024 bytes", strings.Repeat("ab", 512), ""},
		{"1025 bytes", strings.Repeat("ab", 512) + "c", "at most 1024 bytes long (it has 1025)"},
		{"huge", strings.Repeat("abc", 1<<20), "at most 1024 bytes"},
	}
	for _, c := range cases {
		err := CheckPasswordPolicy(c.pw)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: CheckPasswordPolicy = %v, want accepted", c.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: accepted, want %q", c.name, c.want)
			continue
		}
		var pe *PolicyError
		if !errors.Is(err, ErrPasswordPolicy) || !errors.As(err, &pe) {
			t.Errorf("%s: %v does not match ErrPasswordPolicy and *PolicyError", c.name, err)
		}
		if !strings.HasPrefix(err.Error(), "password ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want it to say %q", c.name, err, c.want)
		}
	}
}
