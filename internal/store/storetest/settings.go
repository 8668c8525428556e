package storetest

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/internal/store"
)

var settingCases = []suiteCase{
	{"Settings/RoundTripAndOverwrite", testSettingsRoundTrip},
	{"Settings/RefusedWriteChangesNothing", testSettingsRefused},
	{"Settings/InitOnceUnderRaces", testSettingsInit},
}

func settings(t *testing.T, s store.Store) map[string]string {
	t.Helper()
	got, err := s.Settings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func testSettingsRoundTrip(t *testing.T, s store.Store) {
	ctx := t.Context()
	if got := settings(t, s); got == nil || len(got) != 0 {
		t.Errorf("a new store's settings = %#v, want an empty, non-nil map", got)
	}
	first := map[string]string{
		"site.name":    "Harbor Gazette",
		"site.tagline": "News from «the harbor» 🚢",
		"site.phone":   "+1 555 0100",
		"site.about":   strings.Repeat("long text ", 5000),
	}
	if err := s.SetSettings(ctx, first); err != nil {
		t.Fatal(err)
	}
	if got := settings(t, s); !reflect.DeepEqual(got, first) {
		t.Errorf("after the first write: %v", got)
	}
	if err := s.SetSettings(ctx, map[string]string{"site.name": "Harbor Daily", "site.phone": "", "share.targets": "x,facebook"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"site.name":     "Harbor Daily",
		"site.tagline":  first["site.tagline"],
		"site.phone":    "",
		"site.about":    first["site.about"],
		"share.targets": "x,facebook",
	}
	if got := settings(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("after the overwrite: %v\nwant %v", got, want)
	}
	if err := s.SetSettings(ctx, nil); err != nil {
		t.Errorf("SetSettings(nil) = %v", err)
	}
	if got := settings(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("after writing nothing: %v", got)
	}
}

func testSettingsRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	if err := s.SetSettings(ctx, map[string]string{"site.name": "Kept"}); err != nil {
		t.Fatal(err)
	}
	for name, kv := range map[string]map[string]string{
		"empty key":          {"site.name": "Lost", "": "x"},
		"NUL in a value":     {"site.name": "Lost", "site.tagline": "a\x00b"},
		"invalid UTF-8 key":  {"site.name": "Lost", "\xff": "x"},
		"NUL in another key": {"site.name": "Lost", "a\x00": "x"},
	} {
		if err := s.SetSettings(ctx, kv); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if got := settings(t, s); !reflect.DeepEqual(got, map[string]string{"site.name": "Kept"}) {
			t.Errorf("%s: a refused write left %v", name, got)
		}
	}
}

func testSettingsInit(t *testing.T, s store.Store) {
	ctx := t.Context()
	// Twenty processes making the same secret at once: one value wins and
	// every one of them is told it.
	got := make([]string, 20)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			v, err := s.InitSetting(ctx, "secret", fmt.Sprintf("value-%d", i))
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	wg.Wait()
	kv, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v != kv["secret"] || v == "" {
			t.Errorf("caller %d was told %q; stored %q", i, v, kv["secret"])
		}
	}
	// A key set already keeps its value.
	if v, err := s.InitSetting(ctx, "secret", "other"); err != nil || v != kv["secret"] {
		t.Errorf("InitSetting on a set key = %q, %v; want %q kept", v, err, kv["secret"])
	}
	if _, err := s.InitSetting(ctx, "", "x"); err == nil {
		t.Error("an empty key was accepted")
	}
	if _, err := s.InitSetting(ctx, "bad", "nul\x00"); err == nil {
		t.Error("a NUL byte was accepted")
	}
}
