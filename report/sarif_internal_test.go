package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestPruneDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"unset offsets go",
			`{"region": {"byteOffset": -1, "charOffset": -1, "startLine": 3}}`,
			`{"region":{"startLine":3}}`},
		{"rank -1.0 goes, real values stay",
			`{"rank": -1.0, "index": 0, "startColumn": 1, "id": 2}`,
			`{"id":2,"index":0,"startColumn":1}`},
		{"empty arrays go except results and rules",
			`{"graphs": [], "results": [], "rules": [], "tags": ["a"]}`,
			`{"results":[],"rules":[],"tags":["a"]}`},
		{"property bag emptied by pruning goes",
			`{"properties": {"tags": []}, "message": {"text": ""}}`,
			`{"message":{"text":""}}`},
		{"inside arrays",
			`[{"id": -1, "x": [{"index": -1, "uri": "a"}]}]`,
			`[{"x":[{"uri":"a"}]}]`},
		{"strings and other numbers untouched",
			`{"level": "-1", "n": -2, "f": false}`,
			`{"f":false,"level":"-1","n":-2}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var doc any
			dec := json.NewDecoder(bytes.NewReader([]byte(tc.in)))
			dec.UseNumber()
			if err := dec.Decode(&doc); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(pruneDefaults(doc))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("pruneDefaults(%s) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}
