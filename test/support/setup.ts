// Runs in every test file: its temporary folders go when the file ends.
import { afterAll } from 'vitest'
import { removeTempDirs } from './temp.js'

afterAll(removeTempDirs)
