import { render } from 'solid-js/web'
import { App } from './App.jsx'
import { browserEnvironment, browserNodes } from './stores/browser.js'
import { createStores } from './stores/index.js'
import './styles.css'

const root = document.getElementById('root')
// The stores are made once per page, before anything renders.
if (root !== null) render(() => <App stores={createStores(browserNodes, browserEnvironment())} />, root)
