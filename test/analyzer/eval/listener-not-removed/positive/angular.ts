/* eslint-disable -- evaluation case: real-world shapes, not compiled or linted */
// @ts-nocheck
import { Component, OnInit, Injectable } from '@angular/core';
import { Router, NavigationEnd } from '@angular/router';
import { Store } from '@ngrx/store';
import { interval } from 'rxjs';
import { AuthService } from './auth.service';

@Component({ selector: 'app-header', template: '<h1>{{ title }}</h1>' })
export class HeaderComponent implements OnInit {
  title = '';
  user: unknown;

  constructor(private store: Store<{ user: unknown }>, private router: Router, private auth: AuthService) {
    this.router.events.subscribe((e) => { // expect: listener-not-removed
      if (e instanceof NavigationEnd) this.title = e.url;
    });
  }

  ngOnInit(): void {
    this.store.select('user').subscribe((u) => (this.user = u)); // expect: listener-not-removed
    this.auth.loggedIn$.subscribe((v) => console.log(v)); // expect: listener-not-removed
  }
}

@Component({ selector: 'app-clock', template: '{{ now }}' })
export class ClockComponent implements OnInit {
  now = 0;
  ngOnInit() {
    interval(1000).subscribe(() => (this.now = Date.now())); // expect: listener-not-removed
  }
}
