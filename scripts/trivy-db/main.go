// Writes a small Trivy vulnerability DB (schema 2, as Trivy v0.44 reads it) for the test bed:
// OUT/db/trivy.db and OUT/db/metadata.json. Advisory IDs are fake (CVE-2099-*).
// Usage: trivy-db OUT [EXTRA.json]. EXTRA (tests that need a DB that learnt of a new advisory) is
// {"advisories":[{"Bucket":"alpine 3.18","Pkg":"musl","ID":"CVE-2099-0100","Value":{"FixedVersion":"1.2.4-r3"}}],
//  "vulns":[{"ID":"CVE-2099-0100","Title":"...","Severity":"HIGH","NVD":3,"Score":7.5,"Vector":"...","CWE":"CWE-1"}],
//  "updatedAt":"2026-12-01T00:00:00Z"}; without it the output is the committed fixture, byte for byte.
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build (see build.sh).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

type advisory struct {
	Bucket, Pkg, ID string
	Value           map[string]interface{}
}

type vuln struct {
	ID, Title, Severity string
	NVD                 int     // vendor severity number: 4 critical, 3 high, 2 medium, 1 low
	Score               float64 // CVSS v3 base score
	Vector, CWE         string
}

const alpine = "alpine 3.18"
const npm = "npm::GitHub Security Advisory npm"

var advisories = []advisory{
	{alpine, "openssl", "CVE-2099-0001", map[string]interface{}{"FixedVersion": "3.1.4-r1"}},
	{alpine, "zlib", "CVE-2099-0002", map[string]interface{}{"FixedVersion": ""}},
	{alpine, "busybox", "CVE-2099-0003", map[string]interface{}{"FixedVersion": "1.36.1-r99"}},
	{npm, "lodash", "CVE-2099-0004", map[string]interface{}{"VulnerableVersions": []string{"<4.17.21"}, "PatchedVersions": []string{">=4.17.21"}}},
	{npm, "minimist", "CVE-2099-0005", map[string]interface{}{"VulnerableVersions": []string{"<1.2.6"}, "PatchedVersions": []string{">=1.2.6"}}},
}

var vulns = []vuln{
	{"CVE-2099-0001", "openssl: fake test advisory, remote code execution", "CRITICAL", 4, 9.8, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-787"},
	{"CVE-2099-0002", "zlib: fake test advisory, heap overflow (no fix yet)", "HIGH", 3, 7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "CWE-122"},
	{"CVE-2099-0003", "busybox: fake test advisory, local information leak", "MEDIUM", 2, 5.5, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", "CWE-200"},
	{"CVE-2099-0004", "lodash: fake test advisory, prototype pollution", "HIGH", 3, 7.4, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", "CWE-1321"},
	{"CVE-2099-0005", "minimist: fake test advisory, prototype pollution", "CRITICAL", 4, 9.8, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-1321"},
}

// A slice, not a map: the order of writes must not depend on Go's random map order.
var sources = []struct {
	Bucket string
	Value  map[string]string
}{
	{alpine, map[string]string{"ID": "alpine", "Name": "Alpine Secdb", "URL": "https://secdb.alpinelinux.org/"}},
	{npm, map[string]string{"ID": "ghsa", "Name": "GitHub Security Advisory npm", "URL": "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm"}},
}

// Fixed dates: the output does not depend on when it is built.
const published = "2099-01-15T00:00:00Z"
const modified = "2099-02-01T00:00:00Z"

// put stores key=JSON(v) in the bucket at path (created as needed), in a transaction of its own.
// One write per transaction keeps the file byte-for-byte reproducible: bbolt writes the buckets a
// transaction touched in Go map order, so a transaction touching several would lay out pages
// differently from run to run.
func put(db *bolt.DB, path []string, key string, v interface{}) {
	j, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(path[0]))
		if err != nil {
			return err
		}
		for _, name := range path[1:] {
			if b, err = b.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		return b.Put([]byte(key), j)
	})
	if err != nil {
		panic(err)
	}
}

func main() {
	if len(os.Args) != 2 && len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: trivy-db OUT [EXTRA.json]")
		os.Exit(2)
	}
	updatedAt := "2026-11-01T00:00:00Z"
	if len(os.Args) == 3 {
		text, err := os.ReadFile(os.Args[2])
		if err != nil {
			panic(err)
		}
		var extra struct {
			Advisories []advisory
			Vulns      []vuln
			UpdatedAt  string
		}
		if err := json.Unmarshal(text, &extra); err != nil {
			panic(err)
		}
		advisories = append(advisories, extra.Advisories...)
		vulns = append(vulns, extra.Vulns...)
		if extra.UpdatedAt != "" {
			updatedAt = extra.UpdatedAt
		}
	}
	dir := filepath.Join(os.Args[1], "db")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	path := filepath.Join(dir, "trivy.db")
	os.Remove(path)
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		panic(err)
	}
	for _, a := range advisories {
		put(db, []string{a.Bucket, a.Pkg}, a.ID, a.Value)
	}
	for _, v := range vulns {
		put(db, []string{"vulnerability"}, v.ID, map[string]interface{}{
			"Title":          v.Title,
			"Description":    "A fake advisory of the imagegate test bed. It describes no real vulnerability.",
			"Severity":       v.Severity,
			"VendorSeverity": map[string]int{"nvd": v.NVD, "ghsa": v.NVD, "alpine": v.NVD},
			"CweIDs":         []string{v.CWE},
			"CVSS": map[string]interface{}{
				"nvd": map[string]interface{}{"V3Vector": v.Vector, "V3Score": v.Score},
			},
			"References":       []string{"https://example.invalid/advisories/" + v.ID},
			"PublishedDate":    published,
			"LastModifiedDate": modified,
		})
	}
	for _, src := range sources {
		put(db, []string{"data-source"}, src.Bucket, src.Value)
	}
	if err := db.Close(); err != nil {
		panic(err)
	}
	meta := map[string]interface{}{
		"Version":      2,
		"NextUpdate":   "2999-01-01T00:00:00Z",
		"UpdatedAt":    updatedAt,
		"DownloadedAt": updatedAt,
	}
	j, _ := json.Marshal(meta)
	if err := os.WriteFile(filepath.Join(dir, "metadata.json"), j, 0o644); err != nil {
		panic(err)
	}
	fmt.Println("wrote", path)
}
