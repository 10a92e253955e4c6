{
  # The notifier addon is Linux-only (epoll, eventfd, cgroupfs, PSI). Elsewhere the target
  # builds nothing and evictkit uses its polling backend.
  'variables': {
    # GYP_DEFINES=evictkit_asan=1 node-gyp rebuild (see scripts/asan.sh): AddressSanitizer build for tests.
    'evictkit_asan%': 0,
  },
  'targets': [
    {
      'target_name': 'evictkit_notifier',
      'conditions': [
        ['OS=="linux"', {
          'sources': [
            'native/batch.cc',
            'native/binding.cc',
            'native/core.cc',
            'native/fd.cc',
            'native/js.cc',
            'native/kernfs.cc',
            'native/memcg.cc',
            'native/pool.cc',
            'native/psi.cc',
            'native/teardown.cc',
            'native/watch.cc',
          ],
          'dependencies': ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api"],
          'defines': ['NAPI_VERSION=8', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
          'cflags_cc': ['-std=c++17', '-fvisibility=hidden', '-Wall', '-Wextra'],
          'cflags_cc!': ['-std=gnu++17', '-std=gnu++20'],
        }, {
          'type': 'none',
        }],
        ['OS=="linux" and evictkit_asan==1', {
          'cflags_cc': ['-fsanitize=address', '-fno-omit-frame-pointer', '-g', '-O1'],
          'ldflags': ['-fsanitize=address'],
        }],
      ],
    },
  ],
}
