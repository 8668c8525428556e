package comments

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSettingsDefaultsWhenUnset(t *testing.T) {
	s, err := SettingsFrom(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, DefaultSettings()) {
		t.Errorf("unset settings = %+v, want the defaults", s)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	want := DefaultSettings()
	want.Policy.ModerationWords = []string{"casino", "free money"}
	want.Policy.DisallowedWords = []string{"203.0.113.0/24"}
	want.Policy.HoldLinks = 0
	want.Policy.HoldFirst = false
	want.Policy.MaxDepth = 3
	want.Policy.CloseAfter = 30 * 24 * time.Hour
	want.PerPage = 10
	want.NewestFirst = true
	got, err := SettingsFrom(want.Values())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip = %+v, want %+v", got, want)
	}
}

func TestSettingsRefuseMalformedValues(t *testing.T) {
	for key, value := range map[string]string{
		KeyHoldLinks:      "-1",
		KeyMaxDepth:       "0",
		KeyPerPage:        "lots",
		KeyCloseAfterDays: "99999999",
		KeyHoldFirst:      "perhaps",
		KeyNewestFirst:    "",
	} {
		_, err := SettingsFrom(map[string]string{key: value})
		if err == nil || !strings.Contains(err.Error(), "must be") {
			t.Errorf("%s = %q: %v, want a clear error", key, value, err)
		}
	}
}

func TestSecretFrom(t *testing.T) {
	if _, ok := SecretFrom(nil); ok {
		t.Error("a secret read from nothing")
	}
	if _, ok := SecretFrom(map[string]string{KeySecret: "abcd"}); ok {
		t.Error("a two-byte secret accepted")
	}
	if _, ok := SecretFrom(map[string]string{KeySecret: "zz" + strings.Repeat("0", 40)}); ok {
		t.Error("a non-hex secret accepted")
	}
	secret := NewSecret()
	got, ok := SecretFrom(map[string]string{KeySecret: EncodeSecret(secret)})
	if !ok || string(got) != string(secret) {
		t.Errorf("secret round trip = %x, %v; want %x", got, ok, secret)
	}
}
