{
  "targets": [
    {
      "target_name": "floor",
      "sources": ["floor.c"],
      "include_dirs": ["../../plugins-c/include"],
      "cflags": ["-O2"],
      "libraries": ["-ldl"]
    }
  ]
}
