// Expands the ADL LRS conformance suite's statement templates into concrete cases, so that
// ConformanceSuiteTest can check StatementValidator against the suite without a running LRS.
// Usage: node conformance-cases.js <suite checkout> <v1_0_3|v2_0>
// Prints a JSON array of {name, expect, statement}.
const fs = require('fs');
const path = require('path');
const suite = path.resolve(process.argv[2]);
const dir = process.argv[3];
process.env.DIRECTORY = dir;
process.env.EB_NODE_COMMAND = '1'; // keeps helper.js from insisting on a .env file
process.chdir(suite);
const helper = require(path.join(suite, 'test', 'helper.js'));
const cases = [];
const configDir = path.join(suite, 'test', dir, 'configs');
for (const file of fs.readdirSync(configDir).sort()) {
  if (!file.endsWith('.js')) continue;
  for (const group of require(path.join(configDir, file)).config()) {
    for (const test of group.config) {
      let statement = test.json;
      if (test.templates) {
        const merged = helper.createTestObject(
            helper.convertTemplate(JSON.parse(JSON.stringify(test.templates))));
        statement = merged[Object.keys(merged)[0]];
      }
      cases.push({name: file + ': ' + test.name, expect: test.expect[0], statement});
    }
  }
}
process.stdout.write(JSON.stringify(cases));
