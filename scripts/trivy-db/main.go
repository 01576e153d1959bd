// Writes a small Trivy vulnerability DB (schema 2, as Trivy v0.44 reads it) for the test bed:
// OUT/db/trivy.db and OUT/db/metadata.json. Advisory IDs are fake (CVE-2099-*).
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
	NVD                 int
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
	{"CVE-2099-0001", "openssl: fake test advisory, remote code execution", "CRITICAL", 4},
	{"CVE-2099-0002", "zlib: fake test advisory, heap overflow (no fix yet)", "HIGH", 3},
	{"CVE-2099-0003", "busybox: fake test advisory, local information leak", "MEDIUM", 2},
	{"CVE-2099-0004", "lodash: fake test advisory, prototype pollution", "HIGH", 3},
	{"CVE-2099-0005", "minimist: fake test advisory, prototype pollution", "CRITICAL", 4},
}

var sources = map[string]map[string]string{
	alpine: {"ID": "alpine", "Name": "Alpine Secdb", "URL": "https://secdb.alpinelinux.org/"},
	npm:    {"ID": "ghsa", "Name": "GitHub Security Advisory npm", "URL": "https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm"},
}

func put(b *bolt.Bucket, key string, v interface{}) error {
	j, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), j)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: trivy-db OUT")
		os.Exit(2)
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
	err = db.Update(func(tx *bolt.Tx) error {
		for _, a := range advisories {
			root, err := tx.CreateBucketIfNotExists([]byte(a.Bucket))
			if err != nil {
				return err
			}
			pkg, err := root.CreateBucketIfNotExists([]byte(a.Pkg))
			if err != nil {
				return err
			}
			if err := put(pkg, a.ID, a.Value); err != nil {
				return err
			}
		}
		vb, err := tx.CreateBucketIfNotExists([]byte("vulnerability"))
		if err != nil {
			return err
		}
		for _, v := range vulns {
			detail := map[string]interface{}{
				"Title":          v.Title,
				"Description":    "A fake advisory of the imagegate test bed. It describes no real vulnerability.",
				"Severity":       v.Severity,
				"VendorSeverity": map[string]int{"nvd": v.NVD, "ghsa": v.NVD, "alpine": v.NVD},
				"References":     []string{"https://example.invalid/advisories/" + v.ID},
			}
			if err := put(vb, v.ID, detail); err != nil {
				return err
			}
		}
		ds, err := tx.CreateBucketIfNotExists([]byte("data-source"))
		if err != nil {
			return err
		}
		for name, src := range sources {
			if err := put(ds, name, src); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	if err := db.Close(); err != nil {
		panic(err)
	}
	meta := map[string]interface{}{
		"Version":      2,
		"NextUpdate":   "2999-01-01T00:00:00Z",
		"UpdatedAt":    "2026-11-01T00:00:00Z",
		"DownloadedAt": "2026-11-01T00:00:00Z",
	}
	j, _ := json.Marshal(meta)
	if err := os.WriteFile(filepath.Join(dir, "metadata.json"), j, 0o644); err != nil {
		panic(err)
	}
	fmt.Println("wrote", path)
}
