// The entry point: only calls run(). (Source maps are emitted in dist/ but not registered at run
// time: registering them costs every run about 4% of start-up; map a stack trace offline instead.)
import { run } from './main.js'

await run()
